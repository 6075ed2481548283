package io.serialtrace.api.security;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every JAX-RS resource class and method compiled from src/main (found by walking target/classes,
 * so a new resource is picked up without being listed anywhere).
 */
public final class ResourceClasses {
  private static final List<Class<? extends Annotation>> VERBS =
      List.of(
          GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

  private ResourceClasses() {}

  public static List<Class<?>> all() {
    java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      return files
          .filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$"))
          .map(f -> classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .map(ResourceClasses::load)
          .filter(c -> c.isAnnotationPresent(Path.class))
          .sorted(Comparator.comparing(Class::getName))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The methods of {@code resource} that answer HTTP requests. */
  public static List<Method> endpoints(Class<?> resource) {
    return Arrays.stream(resource.getDeclaredMethods())
        .filter(m -> VERBS.stream().anyMatch(m::isAnnotationPresent))
        .sorted(Comparator.comparing(Method::getName))
        .toList();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, ResourceClasses.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
