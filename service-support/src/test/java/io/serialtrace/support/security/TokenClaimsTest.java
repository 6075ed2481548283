package io.serialtrace.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenClaimsTest {

  @Test
  void aPlantsClaimIsReadAlikeAsAnArrayAListOrASingleString() {
    assertThat(TokenClaims.strings(Json.createArrayBuilder().add("P1").add("P2").build()))
        .containsExactly("P1", "P2");
    assertThat(TokenClaims.strings(List.of("P1", "P2"))).containsExactly("P1", "P2");
    // An identity provider may send a one-plant list as a plain string: still one plant.
    assertThat(TokenClaims.strings(Json.createValue("P1"))).containsExactly("P1");
    assertThat(TokenClaims.strings("P1")).containsExactly("P1");
  }

  @Test
  void anAbsentOrBlankClaimGivesNothing() {
    assertThat(TokenClaims.strings(null)).isEmpty();
    assertThat(TokenClaims.strings(List.of(" ", ""))).isEmpty();
    assertThat(TokenClaims.text(null)).isEmpty();
    assertThat(TokenClaims.text(Json.createValue("  "))).isEmpty();
  }

  @Test
  void anAuthTimeIsReadAsJsonOrJavaNumberAndNothingElse() {
    assertThat(TokenClaims.number(Json.createValue(1_700_000_000L))).contains(1_700_000_000L);
    assertThat(TokenClaims.number(1_700_000_000L)).contains(1_700_000_000L);
    assertThat(TokenClaims.number("1700000000")).isEmpty();
    assertThat(TokenClaims.number(null)).isEmpty();
  }
}
