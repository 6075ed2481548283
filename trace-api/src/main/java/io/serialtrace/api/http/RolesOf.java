package io.serialtrace.api.http;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Reads a resource method's declared roles and endpoint template by reflection: for the 403 body,
 * the refusal audit row, and the test that holds the README's role table against the code.
 */
public final class RolesOf {
  private RolesOf() {}

  /** The method's {@code @RolesAllowed}, else its class's; empty when neither declares roles. */
  public static List<String> method(Method method, Class<?> resource) {
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      roles = resource.getAnnotation(RolesAllowed.class);
    }
    return roles == null ? List.of() : List.of(roles.value());
  }

  /** {@code GET /v1/units/{serial}/record}: the HTTP method and the full path template. */
  public static String endpoint(Method method, Class<?> resource) {
    String verb =
        method.isAnnotationPresent(GET.class)
            ? "GET"
            : method.isAnnotationPresent(POST.class)
                ? "POST"
                : method.isAnnotationPresent(PUT.class)
                    ? "PUT"
                    : method.isAnnotationPresent(DELETE.class)
                        ? "DELETE"
                        : method.isAnnotationPresent(HEAD.class) ? "HEAD" : "?";
    return verb + " " + path(resource, method);
  }

  static String path(Class<?> resource, Method method) {
    String base =
        resource.isAnnotationPresent(Path.class) ? resource.getAnnotation(Path.class).value() : "";
    String sub =
        method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "";
    String joined = (base + "/" + sub).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }
}
