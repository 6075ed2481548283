package io.serialtrace.schemas.anchor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checkpoint signing keys as PEM files: the private key PKCS#8 ({@code BEGIN PRIVATE KEY}), the
 * public key X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), both Ed25519 — what {@code
 * openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class SigningKeys {
  private static final String PRIVATE = "PRIVATE KEY";
  private static final String PUBLIC = "PUBLIC KEY";

  private SigningKeys() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(CheckpointStatement.ALGORITHM).generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no Ed25519", e);
    }
  }

  public static PrivateKey readPrivate(Path pem) {
    try {
      return KeyFactory.getInstance(CheckpointStatement.ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(decode(pem, PRIVATE)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(pem + " is not an Ed25519 PKCS#8 private key", e);
    }
  }

  public static PublicKey readPublic(Path pem) {
    return parsePublic(read(pem), pem.toString());
  }

  /** A public key from PEM text; {@code source} names it in the error. */
  public static PublicKey parsePublic(String pem, String source) {
    try {
      return KeyFactory.getInstance(CheckpointStatement.ALGORITHM)
          .generatePublic(new X509EncodedKeySpec(decode(pem, PUBLIC, source)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(source + " is not an Ed25519 public key (PEM)", e);
    }
  }

  public static String pem(PrivateKey key) {
    return encode(PRIVATE, key.getEncoded());
  }

  public static String pem(PublicKey key) {
    return encode(PUBLIC, key.getEncoded());
  }

  private static String encode(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static byte[] decode(Path pem, String type) {
    return decode(read(pem), type, pem.toString());
  }

  private static byte[] decode(String text, String type, String source) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(source + " has no " + begin + " block");
    }
    return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
  }

  private static String read(Path pem) {
    try {
      return Files.readString(pem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + pem, e);
    }
  }
}
