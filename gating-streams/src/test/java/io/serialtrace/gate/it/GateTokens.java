package io.serialtrace.gate.it;

import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/**
 * Bearer tokens for the gate's ITs, signed by the test stack's development identity; {@link
 * GateProcess} starts the gate with its public key, as the local stack's ServiceProcess does.
 */
final class GateTokens {
  private GateTokens() {}

  /** The test stack's identity (the key pair in its state folder's auth directory). */
  static DevIdentity identity() {
    return DevIdentity.in(StackSettings.forTests(RepositoryHome.find()).authDir());
  }

  /** The public key file the gate verifies tokens with. */
  static Path verificationKey() {
    return identity().verificationKeyFile();
  }

  /** A fresh token for {@code subject} with {@code roles} in {@code plants}. */
  static String token(String subject, Set<Role> roles, Set<String> plants) {
    return identity().mint(TokenRequest.of(subject, roles, plants), Instant.now());
  }

  /** An operator of {@code plant}: what a station asks with. */
  static String operator(String plant) {
    return token("it-operator", Set.of(Role.OPERATOR), Set.of(plant));
  }
}
