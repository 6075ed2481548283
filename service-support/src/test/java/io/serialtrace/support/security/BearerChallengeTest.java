package io.serialtrace.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerChallengeTest {

  @Test
  void withoutATokenTheChallengeIsBare() {
    assertThat(BearerChallenge.of(false, "a Bearer token is required"))
        .isEqualTo("Bearer realm=\"serialtrace\"");
  }

  @Test
  void aTokenThatDidNotVerifyIsInvalidTokenWithAReasonThatCannotBreakTheHeader() {
    assertThat(BearerChallenge.of(true, "bad \"sig\"\\\n"))
        .isEqualTo(
            "Bearer realm=\"serialtrace\", error=\"invalid_token\","
                + " error_description=\"bad 'sig'''\"");
  }
}
