package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.MqttCredentials;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import java.time.Instant;
import java.util.Set;

/**
 * Bearer tokens and MQTT passwords for the tests, from the stack's development identity (the key
 * the app under test verifies with, see StackTestResource).
 */
public final class Tokens {
  /** The operator the default test events name as actor ({@link Events}). */
  public static final String OPERATOR = "op-it";

  private Tokens() {}

  static StackSettings settings() {
    return StackSettings.forTests(RepositoryHome.find());
  }

  public static DevIdentity identity() {
    return DevIdentity.in(settings().authDir());
  }

  public static MqttCredentials mqttCredentials() {
    return MqttCredentials.in(settings().stateDir());
  }

  /** A token minted now. */
  public static String mint(TokenRequest request) {
    return identity().mint(request, Instant.now());
  }

  /** The test operator {@value #OPERATOR}, plants P1 and P2. */
  public static String operator() {
    return mint(
        TokenRequest.of(OPERATOR, Set.of(Role.OPERATOR), Set.of("P1", "P2"))
            .withPrintedName("Olga Tester"));
  }

  /** A request carrying the test operator's token. */
  public static RequestSpecification asOperator() {
    return given().auth().oauth2(operator());
  }

  /** A request carrying {@code token}. */
  public static RequestSpecification bearing(String token) {
    return given().auth().oauth2(token);
  }
}
