package io.serialtrace.stack.kafka;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The SCRAM passwords of the secure local broker: generated at random on the first secure start,
 * one file per principal ({@code <state>/secrets/kafka/<principal>.password}, mode 0600, folder
 * 0700), never in the repository. The broker's storage is formatted with them; clients read them
 * from here.
 */
public final class KafkaCredentials {
  /** The super user: the stack's own probe, ACL administration and inter-broker traffic. */
  public static final String ADMIN = "admin";

  public static final String MECHANISM = "SCRAM-SHA-512";

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  // Letters and digits only: the value goes into a JAAS line and StorageTool's --add-scram syntax.
  private static final int PASSWORD_LENGTH = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;

  private KafkaCredentials(Path dir) {
    this.dir = dir;
  }

  /** The credentials of the stack described by {@code settings}. */
  public static KafkaCredentials of(StackSettings settings) {
    return new KafkaCredentials(settings.stateDir().resolve("secrets").resolve("kafka"));
  }

  /** The admin and one principal per service. */
  public static List<String> principals() {
    List<String> all = new ArrayList<>();
    all.add(ADMIN);
    for (Service service : Service.values()) {
      all.add(service.principal());
    }
    return List.copyOf(all);
  }

  public Path dir() {
    return dir;
  }

  /** Creates a random password for each principal that has none yet. */
  public void createMissing() {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      for (String principal : principals()) {
        Path file = file(principal);
        if (!Files.isRegularFile(file)) {
          // Created empty with 0600 first, so the secret is never readable by others.
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, randomPassword() + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Kafka credentials under " + dir, e);
    }
  }

  /** The password of {@code principal}; fails naming the file when there is none. */
  public String password(String principal) {
    Path file = file(principal);
    try {
      String password = Files.readString(file).strip();
      if (password.isEmpty()) {
        throw new StackException("kafka: " + file + " is empty");
      }
      return password;
    } catch (IOException e) {
      throw new StackException(
          "kafka: no password for principal "
              + principal
              + " at "
              + file
              + " (is the stack secure? ./trace up --secure creates them)",
          e);
    }
  }

  /** Client settings that log in as {@code principal} over SASL_PLAINTEXT with SCRAM-SHA-512. */
  public Map<String, Object> clientConfig(String principal) {
    return clientConfig(principal, password(principal));
  }

  /** Client settings for any user and password (tests try wrong ones). */
  public static Map<String, Object> clientConfig(String user, String password) {
    return Map.of(
        "security.protocol",
        KafkaSecurity.SASL_SCRAM.securityProtocol(),
        "sasl.mechanism",
        MECHANISM,
        "sasl.jaas.config",
        jaasConfig(user, password));
  }

  /** The {@code sasl.jaas.config} line of a SCRAM login. */
  public static String jaasConfig(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  private Path file(String principal) {
    return dir.resolve(principal + ".password");
  }

  private static String randomPassword() {
    StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
