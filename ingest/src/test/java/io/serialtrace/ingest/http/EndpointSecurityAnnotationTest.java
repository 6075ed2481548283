package io.serialtrace.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JAX-RS resource method of ingest declares who may call it ({@code @RolesAllowed}, or
 * {@code @PermitAll}/{@code @DenyAll} on purpose), on the method or its class. Resource classes are
 * found by scanning the compiled classes, so a new resource is covered without editing this test.
 */
class EndpointSecurityAnnotationTest {
  private static final List<Class<? extends Annotation>> HTTP_METHODS =
      List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);

  @Test
  void everyResourceMethodDeclaresItsRoles() throws Exception {
    List<Class<?>> resources = resourceClasses();
    assertThat(resources).as("resource classes found").contains(EventsResource.class);
    List<String> undeclared = new ArrayList<>();
    int endpoints = 0;
    for (Class<?> resource : resources) {
      for (Method method : resource.getDeclaredMethods()) {
        if (HTTP_METHODS.stream().noneMatch(method::isAnnotationPresent)) {
          continue;
        }
        endpoints++;
        if (!declares(method) && !declares(resource)) {
          undeclared.add(resource.getSimpleName() + "." + method.getName());
        }
      }
    }
    assertThat(endpoints).isPositive();
    assertThat(undeclared).as("endpoints without a security annotation").isEmpty();
  }

  private static boolean declares(java.lang.reflect.AnnotatedElement element) {
    return element.isAnnotationPresent(RolesAllowed.class)
        || element.isAnnotationPresent(PermitAll.class)
        || element.isAnnotationPresent(DenyAll.class);
  }

  private static List<Class<?>> resourceClasses() throws IOException, ClassNotFoundException {
    java.nio.file.Path root = Paths.get("target", "classes");
    List<Class<?>> found = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(root)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.startsWith("io.serialtrace.ingest")) {
          continue;
        }
        Class<?> type =
            Class.forName(name, false, EndpointSecurityAnnotationTest.class.getClassLoader());
        if (type.isAnnotationPresent(Path.class)) {
          found.add(type);
        }
      }
    }
    return found;
  }
}
