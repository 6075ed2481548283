package io.serialtrace.stack.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevIdentityTest {
  @TempDir Path directory;

  @Test
  void tokenVerifiesWithThePublishedKeyAndCarriesRolesPlantsAndPrintedName() throws Exception {
    // 1. mint a token for a quality engineer of two plants
    DevIdentity identity = DevIdentity.in(directory);
    Instant now = Instant.now();
    String token =
        identity.mint(
            TokenRequest.of("alice", Set.of(Role.QUALITY, Role.AUDITOR), Set.of("P1", "P2"))
                .withPrintedName("Alice Meyer"),
            now);

    // 2. verify it only with the PEM file the services are given, as SmallRye JWT does
    JwtClaims claims =
        consumer(readPublicKey(identity.verificationKeyFile())).processToClaims(token);

    // 3. the claims the services rely on
    assertThat(claims.getIssuer()).isEqualTo(DevIdentity.ISSUER);
    assertThat(claims.getAudience()).containsExactly(DevIdentity.AUDIENCE);
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringClaimValue("upn")).isEqualTo("alice");
    assertThat(claims.getStringClaimValue("name")).isEqualTo("Alice Meyer");
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("auditor", "quality");
    assertThat(claims.getStringListClaimValue(DevIdentity.PLANTS_CLAIM))
        .containsExactly("P1", "P2");
    assertThat(claims.getClaimValue("auth_time", Long.class)).isEqualTo(now.getEpochSecond());
    assertThat(claims.getJwtId()).isNotBlank();
  }

  @Test
  void expiredAndTamperedTokensAreRefused() throws Exception {
    // 1. an identity and its verifier
    DevIdentity identity = DevIdentity.in(directory);
    JwtConsumer consumer = consumer(readPublicKey(identity.verificationKeyFile()));
    TokenRequest operator = TokenRequest.of("bob", Set.of(Role.OPERATOR), Set.of("P1"));

    // 2. issued nine hours ago with the default eight-hour lifetime: expired
    String expired = identity.mint(operator, Instant.now().minus(Duration.ofHours(9)));
    assertThatThrownBy(() -> consumer.processToClaims(expired))
        .isInstanceOf(InvalidJwtException.class)
        .hasMessageContaining("no longer valid");

    // 3. a valid token whose payload names another plant, signature kept: refused
    String valid = identity.mint(operator, Instant.now());
    String[] parts = valid.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]));
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.replace("\"P1\"", "\"P2\"").getBytes())
            + "."
            + parts[2];
    assertThat(consumer.processToClaims(valid).getSubject()).isEqualTo("bob");
    assertThatThrownBy(() -> consumer.processToClaims(forged))
        .isInstanceOf(InvalidJwtException.class);
  }

  @Test
  void keyIsMadeOnceAndSharedByConcurrentCallers() throws Exception {
    // 1. eight callers race to make the key in an empty folder
    var pool = Executors.newFixedThreadPool(8);
    List<Callable<String>> callers =
        java.util.Collections.nCopies(
            8, () -> Files.readString(DevIdentity.in(directory).verificationKeyFile()));
    List<String> keys;
    try {
      keys = pool.invokeAll(callers).stream().map(f -> get(f)).toList();
    } finally {
      pool.shutdownNow();
    }

    // 2. all saw the same key, and a later call still does; the private key is owner-only
    assertThat(Set.copyOf(keys)).hasSize(1);
    assertThat(Files.readString(DevIdentity.in(directory).verificationKeyFile()))
        .isEqualTo(keys.getFirst());
    assertThat(Files.getPosixFilePermissions(directory.resolve("jwt-signing-key.pem")).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
  }

  @Test
  void unknownRoleNamesTheKnownOnes() {
    assertThat(DevIdentity.roles("Quality,admin")).containsExactly(Role.QUALITY, Role.ADMIN);
    assertThatThrownBy(() -> DevIdentity.roles("quality,inspector"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inspector")
        .hasMessageContaining("operator, device, quality, auditor, analyst, admin");
  }

  private static String get(java.util.concurrent.Future<String> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JwtConsumer consumer(PublicKey key) {
    return new JwtConsumerBuilder()
        .setRequireExpirationTime()
        .setRequireSubject()
        .setExpectedIssuer(DevIdentity.ISSUER)
        .setExpectedAudience(DevIdentity.AUDIENCE)
        .setVerificationKey(key)
        .build();
  }

  private static PublicKey readPublicKey(Path pem) throws Exception {
    String base64 =
        Files.readString(pem)
            .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
