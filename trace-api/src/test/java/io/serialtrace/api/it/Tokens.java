package io.serialtrace.api.it;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import java.time.Instant;
import java.util.Set;

/**
 * Development tokens for the ITs, signed by the stack's own DevIdentity (the key the app under test
 * verifies with: {@link ApiStackResource} passes its public key file).
 */
public final class Tokens {
  private Tokens() {}

  /** The stack's identity: the key pair in the state folder's auth directory. */
  public static DevIdentity identity() {
    return DevIdentity.in(StackSettings.forTests(RepositoryHome.find()).authDir());
  }

  /** A fresh token for {@code subject} with {@code roles} in {@code plants}. */
  public static String token(String subject, Set<Role> roles, Set<String> plants) {
    return identity()
        .mint(
            TokenRequest.of(subject, roles, plants).withPrintedName("IT " + subject),
            Instant.now());
  }

  /** A request carrying a quality engineer's token for {@code plants}. */
  public static RequestSpecification quality(String... plants) {
    return as("it-quality", Set.of(Role.QUALITY), Set.of(plants));
  }

  /** A request carrying an auditor's token for {@code plants}. */
  public static RequestSpecification auditor(String... plants) {
    return as("it-auditor", Set.of(Role.AUDITOR), Set.of(plants));
  }

  /** A request carrying an admin's token (every plant, whatever the claim says). */
  public static RequestSpecification admin() {
    return as("it-admin", Set.of(Role.ADMIN), Set.of());
  }

  /** A request carrying a token for {@code subject} with {@code roles} in {@code plants}. */
  public static RequestSpecification as(String subject, Set<Role> roles, Set<String> plants) {
    return bearer(token(subject, roles, plants));
  }

  /** A request carrying {@code token} as its bearer token. */
  public static RequestSpecification bearer(String token) {
    return given().header("Authorization", "Bearer " + token);
  }
}
