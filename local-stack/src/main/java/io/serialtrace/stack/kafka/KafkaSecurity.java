package io.serialtrace.stack.kafka;

import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the local broker's client listener is secured. Chosen when its storage is formatted (SCRAM
 * credentials are written into the metadata log then) and remembered in the data folder, so a later
 * {@code ./trace up}, {@code ./trace up --services} or {@code ./trace env} knows the mode without
 * being told again.
 */
public enum KafkaSecurity {
  /** No authentication, no ACLs: the default stack that {@code ./trace test} uses. */
  PLAINTEXT,
  /**
   * SASL_PLAINTEXT with SCRAM-SHA-512 on loopback, the StandardAuthorizer, deny when no ACL
   * matches, one principal per service with the ACLs of {@link ServiceAccess}.
   */
  SASL_SCRAM;

  /** The file in the broker's data folder naming the mode its storage was formatted with. */
  public static final String MODE_FILE = "security.mode";

  /** The mode the broker's storage under {@code dataDir} was formatted with, if formatted. */
  public static Optional<KafkaSecurity> formattedIn(Path dataDir) {
    Path file = dataDir.resolve(MODE_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return Optional.of(valueOf(Files.readString(file).strip()));
      }
      // Storage formatted before the mode was recorded is plaintext.
      if (Files.isRegularFile(dataDir.resolve("logs").resolve("meta.properties"))) {
        return Optional.of(PLAINTEXT);
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + " names no known mode (PLAINTEXT, SASL_SCRAM)", e);
    }
  }

  /** The mode the stack's broker remembers, plaintext when it was never formatted. */
  public static KafkaSecurity remembered(StackSettings settings) {
    return formattedIn(settings.dataDir("kafka")).orElse(PLAINTEXT);
  }

  /** What a client must set in {@code security.protocol}. */
  public String securityProtocol() {
    return switch (this) {
      case PLAINTEXT -> "PLAINTEXT";
      case SASL_SCRAM -> "SASL_PLAINTEXT";
    };
  }
}
