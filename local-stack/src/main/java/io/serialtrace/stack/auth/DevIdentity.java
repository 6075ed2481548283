package io.serialtrace.stack.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The local stack's stand-in for an OIDC provider: an RSA key pair kept in the state folder and
 * RS256 bearer tokens signed with it. The services verify tokens with the public key exactly as
 * they verify a production provider's (SmallRye JWT: {@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}); only the issuer differs.
 *
 * <p>The key is made on first use and never leaves {@code .stack/auth/}: nothing secret is in the
 * repository, and {@code rm -rf .stack} revokes every development token.
 */
public final class DevIdentity {
  /** The {@code iss} of development tokens; production configures its provider's instead. */
  public static final String ISSUER = "https://serialtrace.local/dev";

  /** The {@code aud} every service checks. */
  public static final String AUDIENCE = "serialtrace";

  /** The claim listing the plants a bearer may write or read. */
  public static final String PLANTS_CLAIM = "plants";

  private static final String SIGNING_KEY = "jwt-signing-key.pem";
  private static final String VERIFICATION_KEY = "jwt-verification-key.pem";

  private final Path directory;
  private final RSAPrivateCrtKey signingKey;

  private DevIdentity(Path directory, RSAPrivateCrtKey signingKey) {
    this.directory = directory;
    this.signingKey = signingKey;
  }

  /**
   * The identity kept in {@code directory} (normally {@code <state>/auth}), made there first if
   * missing. Safe when several JVMs call it at once: the first key written wins, the others read
   * it.
   */
  public static DevIdentity in(Path directory) {
    try {
      Files.createDirectories(directory);
      Path keyFile = directory.resolve(SIGNING_KEY);
      if (!Files.isRegularFile(keyFile)) {
        writeNewKey(keyFile);
      }
      RSAPrivateCrtKey key = readKey(keyFile);
      DevIdentity identity = new DevIdentity(directory, key);
      identity.writeVerificationKey();
      return identity;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Cannot prepare the development signing key in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** The PEM public key services verify development tokens with. */
  public Path verificationKeyFile() {
    return directory.resolve(VERIFICATION_KEY);
  }

  /** A signed token for {@code request}, issued at {@code issuedAt} (a past instant for tests). */
  public String mint(TokenRequest request, Instant issuedAt) {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(ISSUER);
    claims.setAudience(AUDIENCE);
    claims.setSubject(request.subject());
    claims.setClaim("upn", request.subject());
    claims.setClaim("name", request.printedName());
    claims.setStringListClaim(
        "groups", request.roles().stream().map(Role::claim).sorted().toList());
    claims.setStringListClaim(PLANTS_CLAIM, request.plants().stream().sorted().toList());
    claims.setIssuedAt(NumericDate.fromMilliseconds(issuedAt.toEpochMilli()));
    claims.setExpirationTime(
        NumericDate.fromMilliseconds(issuedAt.plus(request.lifetime()).toEpochMilli()));
    claims.setClaim("auth_time", request.authenticatedAt().orElse(issuedAt).getEpochSecond());
    claims.setJwtId(UUID.randomUUID().toString());
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(signingKey);
    jws.setKeyIdHeaderValue("serialtrace-dev");
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException("Cannot sign a development token: " + e.getMessage(), e);
    }
  }

  /** The role set a list of words names, e.g. {@code quality,auditor}. */
  public static List<Role> roles(String commaSeparated) {
    return java.util.Arrays.stream(commaSeparated.split(","))
        .filter(word -> !word.isBlank())
        .map(Role::fromClaim)
        .toList();
  }

  private static void writeNewKey(Path keyFile) throws IOException, GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
    // Create-once: the key another JVM made meanwhile stays, so its tokens stay valid.
    StackFiles.createOnce(keyFile, pem("PRIVATE KEY", pkcs8));
  }

  private static RSAPrivateCrtKey readKey(Path keyFile)
      throws IOException, GeneralSecurityException {
    String base64 =
        Files.readString(keyFile)
            .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return (RSAPrivateCrtKey)
        KeyFactory.getInstance("RSA")
            .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  /** Derived from the private key, so rewriting it is idempotent and never disagrees with it. */
  private void writeVerificationKey() throws IOException, GeneralSecurityException {
    RSAPublicKey publicKey =
        (RSAPublicKey)
            KeyFactory.getInstance("RSA")
                .generatePublic(
                    new RSAPublicKeySpec(signingKey.getModulus(), signingKey.getPublicExponent()));
    StackFiles.publish(verificationKeyFile(), pem("PUBLIC KEY", publicKey.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
