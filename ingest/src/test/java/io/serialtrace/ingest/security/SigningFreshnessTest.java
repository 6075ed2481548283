package io.serialtrace.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SigningFreshnessTest {
  private static final Instant RECEIVED = Instant.parse("2026-03-01T08:00:00Z");
  private static final Duration MAX_AGE = Duration.ofSeconds(120);

  private static Caller signedInAt(Optional<Instant> at, Optional<String> jti) {
    return new Caller("qa-1", Optional.of("Dana"), Set.of("quality"), Set.of("P1"), at, jti);
  }

  private static SigningFreshness.Verdict check(Optional<Instant> at, Optional<String> jti) {
    return SigningFreshness.check(signedInAt(at, jti), RECEIVED, MAX_AGE);
  }

  @Test
  void acceptsASignInUpToTheMaximumAgeAndHandsBackTheTokenId() {
    assertThat(check(Optional.of(RECEIVED.minusSeconds(120)), Optional.of("j-1")))
        .isEqualTo(new SigningFreshness.Verdict.Fresh("j-1"));
    assertThat(check(Optional.of(RECEIVED.minusSeconds(5)), Optional.of("j-2")))
        .isEqualTo(new SigningFreshness.Verdict.Fresh("j-2"));
  }

  @Test
  void asksForReauthenticationWhenTheSignInIsOlderOrUnknown() {
    assertThat(field(check(Optional.of(RECEIVED.minusSeconds(121)), Optional.of("j-1"))))
        .isEqualTo("auth_time");
    assertThat(field(check(Optional.empty(), Optional.of("j-1")))).isEqualTo("auth_time");
  }

  @Test
  void refusesASigningTokenWithoutAnId() {
    assertThat(field(check(Optional.of(RECEIVED), Optional.empty()))).isEqualTo("jti");
  }

  private static String field(SigningFreshness.Verdict verdict) {
    assertThat(verdict).isInstanceOf(SigningFreshness.Verdict.Stale.class);
    return ((SigningFreshness.Verdict.Stale) verdict).error().field();
  }
}
