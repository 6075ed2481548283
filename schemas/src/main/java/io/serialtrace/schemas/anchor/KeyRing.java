package io.serialtrace.schemas.anchor;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoint signers' public keys by key id. Rotation: a new key gets a new id and the gate
 * signs with it from then on; the old key stays in every verifier's ring, so the checkpoints it
 * signed still verify. Removing a key from the ring un-anchors what it signed.
 */
public record KeyRing(Map<String, PublicKey> keys) {

  public KeyRing {
    keys = Map.copyOf(keys);
  }

  /** The public keys in PEM files, by key id. */
  public static KeyRing fromFiles(Map<String, Path> pemByKeyId) {
    Map<String, PublicKey> keys = new LinkedHashMap<>();
    pemByKeyId.forEach((id, path) -> keys.put(id, SigningKeys.readPublic(path)));
    return new KeyRing(keys);
  }

  public Optional<PublicKey> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** Whether the statement's signature verifies with the key of its keyId. */
  public boolean signed(CheckpointStatement statement) {
    return key(statement.keyId()).filter(statement::signatureVerifies).isPresent();
  }
}
