package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/events} needs a valid bearer token with one of the endpoint's roles: none,
 * expired, tampered or foreign-signed is a 401 problem with a Bearer challenge; a token without the
 * roles is a 403 naming them. Each test posts the same kind of event with a good token first (the
 * positive control), so a 401/403 comes from the token alone.
 */
@QuarkusTest
@QuarkusTestResource(StackTestResource.class)
@ExtendWith(LocalStackExtension.class)
class HttpAuthenticationIT {

  private static String event() {
    UUID id = UUID.randomUUID();
    return Events.stepStarted(id, "SN-AUTH-" + id.toString().substring(0, 8), "ST-010", "10");
  }

  private static void acceptedWith(String token) {
    Tokens.bearing(token)
        .contentType("application/json")
        .body(event())
        .post("/v1/events")
        .then()
        .statusCode(202);
  }

  private static void unauthorizedWith(io.restassured.specification.RequestSpecification request) {
    request
        .contentType("application/json")
        .body(event())
        .post("/v1/events")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("type", equalTo("urn:serialtrace:problem:unauthenticated"))
        .body("status", equalTo(401));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void refusesARequestWithoutATokenWith401() {
    // 1. Positive control: the operator's token is accepted.
    acceptedWith(Tokens.operator());

    // 2. No Authorization header: 401 problem with a Bearer challenge.
    unauthorizedWith(given());
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void refusesAnExpiredTokenWith401() {
    // 1. Positive control.
    acceptedWith(Tokens.operator());

    // 2. Issued two hours ago for one hour: expired.
    String expired =
        Tokens.identity()
            .mint(
                TokenRequest.of(Tokens.OPERATOR, Set.of(Role.OPERATOR), Set.of("P1"))
                    .withLifetime(Duration.ofHours(1)),
                Instant.now().minus(Duration.ofHours(2)));
    unauthorizedWith(Tokens.bearing(expired));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void refusesATamperedTokenWith401() {
    // 1. Positive control: the untouched token is accepted.
    String token = Tokens.operator();
    acceptedWith(token);

    // 2. The same token with its claims edited (more plants) but the old signature.
    String[] parts = token.split("\\.");
    String claims =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"P1\"", "\"P1\",\"P3\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    unauthorizedWith(Tokens.bearing(tampered));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void refusesATokenSignedWithAnotherKeyWith401() throws Exception {
    // 1. Positive control.
    acceptedWith(Tokens.operator());

    // 2. Same claims, signed by a key the service does not trust.
    Path elsewhere = Files.createTempDirectory("foreign-identity");
    String foreign =
        DevIdentity.in(elsewhere)
            .mint(
                TokenRequest.of(Tokens.OPERATOR, Set.of(Role.OPERATOR), Set.of("P1")),
                Instant.now());
    unauthorizedWith(Tokens.bearing(foreign));
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void refusesATokenWithoutAWritingRoleWith403NamingTheRoles() {
    // 1. Positive control.
    acceptedWith(Tokens.operator());

    // 2. An auditor reads; writing events is not among its roles.
    String auditor =
        Tokens.mint(TokenRequest.of(Tokens.OPERATOR, Set.of(Role.AUDITOR), Set.of("P1")));
    Tokens.bearing(auditor)
        .contentType("application/json")
        .body(event())
        .post("/v1/events")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("type", equalTo("urn:serialtrace:problem:forbidden"))
        .body("detail", containsString("device"))
        .body("detail", containsString("operator"))
        .body("detail", containsString("quality"))
        .body("errors.field", hasItem("groups"));
  }
}
