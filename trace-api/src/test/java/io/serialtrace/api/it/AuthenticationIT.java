package io.serialtrace.api.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer authentication: without a token, with an expired one, with a tampered payload, or signed
 * by another key, every request is a 401 problem with a Bearer challenge; each test first shows the
 * same request succeeding with a good token (the positive control).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AuthenticationIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String UNIT = "AUTH-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-12T08:00:00Z");

  /** Every endpoint, with an argument that exists where one is needed. */
  static final List<String> ENDPOINTS =
      List.of(
          "/v1/units/" + UNIT,
          "/v1/units/" + UNIT + "/record",
          "/v1/units/" + UNIT + "/genealogy",
          "/v1/lots/LOT-" + RUN + "/where-used",
          "/v1/components/" + UNIT + "/where-used",
          "/v1/violations",
          "/v1/violations/stream",
          "/v1/stations/ST-1/contemporaneity",
          "/v1/access-log?target=" + UNIT);

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    db.insert("units", List.of(Rows.unit(UNIT, "P1", "PUMP", "IN_WORK", T0, "", 0)));
  }

  static String good() {
    return Tokens.token("auth-" + RUN, Set.of(Role.QUALITY), Set.of("P1"));
  }

  @Test
  void noTokenIs401WithABearerChallengeOnEveryEndpoint() {
    // 1. Positive control: the unit with a valid token.
    Tokens.bearer(good()).get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. The same request, and every other endpoint, without a token.
    for (String endpoint : ENDPOINTS) {
      given()
          .get(endpoint)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .header("WWW-Authenticate", startsWith("Bearer"))
          .body("status", equalTo(401));
    }
    // 3. A non-Bearer Authorization header is no better.
    given()
        .header("Authorization", "Basic " + base64("alice:secret"))
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(401)
        .header("WWW-Authenticate", startsWith("Bearer"));
  }

  @Test
  void expiredTokenIs401() {
    // 1. Positive control.
    Tokens.bearer(good()).get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. A token issued two hours ago for one hour: expired an hour ago (beyond any clock skew).
    String expired =
        Tokens.identity()
            .mint(
                TokenRequest.of("auth-" + RUN, Set.of(Role.QUALITY), Set.of("P1"))
                    .withLifetime(Duration.ofHours(1)),
                Instant.now().minus(Duration.ofHours(2)));
    Tokens.bearer(expired)
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("invalid_token"));
  }

  @Test
  void tamperedPayloadWithTheOriginalSignatureIs401() {
    // 1. Positive control: the untouched token works.
    String token = good();
    Tokens.bearer(token).get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. Grant admin in the payload, keep header and signature.
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"quality\"", "\"admin\"");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    Tokens.bearer(tampered)
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", containsString("invalid_token"));
  }

  @Test
  void tokenSignedByAnotherKeyIs401(@TempDir Path elsewhere) {
    // 1. Positive control.
    Tokens.bearer(good()).get("/v1/units/{serial}", UNIT).then().statusCode(200);
    // 2. Same issuer, audience and claims, but another key pair.
    String forged =
        DevIdentity.in(elsewhere)
            .mint(
                TokenRequest.of("auth-" + RUN, Set.of(Role.QUALITY), Set.of("P1")), Instant.now());
    Tokens.bearer(forged)
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    // 3. Garbage is a 401 too, not a 500.
    Tokens.bearer("not.a.jwt").get("/v1/units/{serial}", UNIT).then().statusCode(401);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
