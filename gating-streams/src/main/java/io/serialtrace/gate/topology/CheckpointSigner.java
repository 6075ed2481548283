package io.serialtrace.gate.topology;

import io.serialtrace.schemas.anchor.SigningKeys;
import java.security.PrivateKey;

/**
 * The key the gate signs its record checkpoints with, and its id.
 *
 * @param keyId written into each checkpoint
 * @param key the Ed25519 private key
 */
public record CheckpointSigner(String keyId, PrivateKey key) {

  /** Reads the key named by the settings; a missing or unreadable file stops the gate, named. */
  public static CheckpointSigner load(GateSettings.Checkpoint settings) {
    try {
      return new CheckpointSigner(settings.keyId(), SigningKeys.readPrivate(settings.signingKey()));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "gate.checkpoint.signing-key: cannot read an Ed25519 private key from "
              + settings.signingKey().toAbsolutePath()
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
  }
}
