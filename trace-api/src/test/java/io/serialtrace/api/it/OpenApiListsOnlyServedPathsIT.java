package io.serialtrace.api.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.serialtrace.api.http.RolesOf;
import io.serialtrace.api.security.ResourceClasses;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * trace-api's OpenAPI document lists exactly the operations its resource classes serve: nothing
 * scanned from a library on the class path (the Apicurio Registry client's JAX-RS interfaces).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenApiListsOnlyServedPathsIT {

  @Test
  void everyDocumentedOperationIsOneTraceApiServesAndEveryServedOneIsDocumented() {
    // 1. The document's operations, as "GET /v1/units/{serial}" (path items are objects; other
    //    entries of `paths` are vendor extensions such as the registry client's x-codegen-*).
    Map<String, Object> paths =
        given()
            .get("/q/openapi?format=json")
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getMap("paths");
    Set<String> documented = new TreeSet<>();
    paths.forEach(
        (path, item) -> {
          if (item instanceof Map<?, ?> operations) {
            operations.keySet().stream()
                .map(String::valueOf)
                .filter(verb -> Set.of("get", "post", "put", "delete", "patch").contains(verb))
                .forEach(verb -> documented.add(verb.toUpperCase(Locale.ROOT) + " " + path));
          }
        });

    // 2. What the resource classes compiled from src/main serve.
    Set<String> served = new TreeSet<>();
    for (Class<?> resource : ResourceClasses.all()) {
      for (Method method : ResourceClasses.endpoints(resource)) {
        served.add(RolesOf.endpoint(method, resource));
      }
    }

    // 3. Positive control, then no foreign path, then equality.
    assertThat(served).contains("GET /v1/units/{serial}", "GET /v1/lots/{lotId}/where-used");
    assertThat(paths.keySet())
        .as("only path items, none of the registry client's")
        .allMatch(p -> p.startsWith("/v1/"));
    assertThat(documented).isEqualTo(served);
  }
}
