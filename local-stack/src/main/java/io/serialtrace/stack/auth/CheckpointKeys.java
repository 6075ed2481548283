package io.serialtrace.stack.auth;

import io.serialtrace.schemas.anchor.SigningKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

/**
 * The local stack's checkpoint signer: an Ed25519 key pair in the state folder's {@code auth/}. The
 * gate is given the private key file and its id, trace-api (and an auditor) the public key by id —
 * as in production, where the private key is a Secret only the gate mounts.
 *
 * <p>Made on first use and kept: {@code rm -rf .stack} starts a new signer whose checkpoints the
 * old public key no longer verifies, as a rotation without keeping the old key would.
 */
public final class CheckpointKeys {
  /** The id the development key signs as. */
  public static final String KEY_ID = "dev-1";

  private static final String SIGNING_KEY = "checkpoint-signing-key.pem";
  private static final String VERIFICATION_KEY = "checkpoint-verification-key.pem";

  private final Path directory;

  private CheckpointKeys(Path directory) {
    this.directory = directory;
  }

  /**
   * The keys kept in {@code directory} (normally {@code <state>/auth}), made there first if
   * missing. Safe when several JVMs call it at once: the first pair written wins.
   */
  public static CheckpointKeys in(Path directory) {
    try {
      Files.createDirectories(directory);
      CheckpointKeys keys = new CheckpointKeys(directory);
      if (!Files.isRegularFile(keys.signingKeyFile())) {
        keys.writeNewPair();
      }
      keys.writeVerificationKey();
      return keys;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot prepare the checkpoint signing key in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** PKCS#8 private key (and, after it, its public key): what the gate signs with. */
  public Path signingKeyFile() {
    return directory.resolve(SIGNING_KEY);
  }

  /** The public key (X.509 PEM) verifiers hold under {@link #KEY_ID}. */
  public Path verificationKeyFile() {
    return directory.resolve(VERIFICATION_KEY);
  }

  /** Both halves in one create-once file, so the public key never disagrees with the private. */
  private void writeNewPair() throws IOException {
    KeyPair pair = SigningKeys.generate();
    StackFiles.createOnce(
        signingKeyFile(), SigningKeys.pem(pair.getPrivate()) + SigningKeys.pem(pair.getPublic()));
  }

  private void writeVerificationKey() throws IOException {
    String pair = Files.readString(signingKeyFile());
    String publicPem = pair.substring(pair.indexOf("-----BEGIN PUBLIC KEY-----"));
    StackFiles.publish(verificationKeyFile(), publicPem);
  }
}
