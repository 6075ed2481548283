package io.serialtrace.stack.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The MQTT users of the local stack and their passwords: one user per development device ({@link
 * DevPlantFloor#deviceIds()}), {@value #INGEST_USER} (subscribes, never publishes) and {@value
 * #PROBE_USER} (the stack's own readiness probe). Each password is random, made on first use and
 * kept in {@code <state>/secrets/mqtt/<user>.password} (mode 0600), never in the repository; the
 * broker's password file holds only PBKDF2-SHA512 hashes of them, in Mosquitto 2's {@code $7$}
 * format.
 *
 * <p>Tests and the simulator read a device's password with {@link #passwordOf(String)}; {@code rm
 * -rf .stack} revokes them all.
 */
public final class MqttCredentials {
  /** The user ingest subscribes as: read on {@code plants/#}, nothing else. */
  public static final String INGEST_USER = "ingest";

  /** The user of the stack's readiness probe: read and write on {@code trace/readiness/#} only. */
  public static final String PROBE_USER = "stack-probe";

  /** Mosquitto 2's {@code $7$} hashes: PBKDF2-HMAC-SHA512, this many rounds (its default). */
  private static final int ROUNDS = 101;

  private static final int SALT_BYTES = 12;
  private static final int HASH_BYTES = 64;
  private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9._-]+");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;

  private MqttCredentials(Path directory) {
    this.directory = directory;
  }

  /** The credentials kept under {@code stateDir}/secrets/mqtt. */
  public static MqttCredentials in(Path stateDir) {
    return new MqttCredentials(stateDir.resolve("secrets").resolve("mqtt"));
  }

  /** The folder holding one {@code <user>.password} file per user. */
  public Path directory() {
    return directory;
  }

  /** Every user the broker knows: the devices, ingest and the probe. */
  public static Set<String> users() {
    Set<String> users = new TreeSet<>(DevPlantFloor.deviceIds());
    users.add(INGEST_USER);
    users.add(PROBE_USER);
    return users;
  }

  /**
   * The password of {@code user}, made on first use. Safe when several JVMs ask at once: the first
   * file written wins, the others read it.
   */
  public String passwordOf(String user) {
    if (!SAFE_USER.matcher(user).matches()) {
      throw new IllegalArgumentException("not an MQTT user name: '" + user + "'");
    }
    Path file = directory.resolve(user + ".password");
    try {
      if (!Files.isRegularFile(file)) {
        write(file);
      }
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the MQTT password of " + user, e);
    }
  }

  private void write(Path file) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory.getParent());
      try {
        // Owner only: nobody else on a shared machine lists which devices have passwords.
        Files.createDirectory(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // another JVM made it meanwhile
      }
    }
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    // Create-once: the password another JVM made meanwhile stays.
    StackFiles.createOnce(file, HexFormat.of().formatHex(secret));
  }

  /** The broker's password file: one {@code user:$7$…} line per user. */
  public String passwordFile() {
    StringBuilder text = new StringBuilder();
    for (String user : users()) {
      text.append(user).append(':').append(mosquittoHash(passwordOf(user))).append('\n');
    }
    return text.toString();
  }

  /** Mosquitto 2's PBKDF2-SHA512 line format: {@code $7$<rounds>$<base64 salt>$<base64 hash>}. */
  static String mosquittoHash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    try {
      byte[] hash =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
              .generateSecret(
                  new PBEKeySpec(password.toCharArray(), salt, ROUNDS, HASH_BYTES * Byte.SIZE))
              .getEncoded();
      Base64.Encoder base64 = Base64.getEncoder();
      return "$7$" + ROUNDS + "$" + base64.encodeToString(salt) + "$" + base64.encodeToString(hash);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2-SHA512 is not available: " + e.getMessage(), e);
    }
  }

  /**
   * The broker's ACL file. Each device writes only its own readings topic, {@code plants/<any
   * plant>/devices/<its user name>/measurements}, so a device cannot publish as another; ingest
   * only reads; the probe only touches its readiness topics. Per-user lines rather than one {@code
   * pattern write plants/+/devices/%u/measurements}: a pattern applies to every user, ingest and
   * the probe included, and ingest must not be able to publish at all. Station topics are granted
   * to nobody: stations post over HTTP with the operator's own token, where the person is
   * authenticated.
   */
  public static String aclFile() {
    StringBuilder text =
        new StringBuilder(
            "# Generated by the local stack (MqttCredentials) at every broker start.\n");
    for (String device : DevPlantFloor.deviceIds()) {
      text.append("\nuser ")
          .append(device)
          .append("\ntopic write plants/+/devices/")
          .append(device)
          .append("/measurements\n");
    }
    text.append("\nuser ").append(INGEST_USER).append("\ntopic read plants/#\n");
    text.append("\nuser ").append(PROBE_USER).append("\ntopic readwrite trace/readiness/#\n");
    return text.toString();
  }
}
