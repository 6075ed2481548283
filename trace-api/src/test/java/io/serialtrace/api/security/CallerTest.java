package io.serialtrace.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.support.security.TokenClaims;
import jakarta.json.Json;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which plants a caller sees, in lists and in traces, by role. */
class CallerTest {

  @Test
  void qualityOfP1SeesAndTracesOnlyP1() {
    Caller caller = Caller.of("q", "Q", List.of(Roles.QUALITY), List.of("P1"), "j");
    assertThat(caller.sees("P1")).isTrue();
    assertThat(caller.sees("P2")).isFalse();
    assertThat(caller.traces("P2")).isFalse();
    assertThat(caller.tracesAny(Set.of("P2", "P1"))).isTrue();
  }

  @Test
  void recallTracesEveryPlantButListsOnlyItsOwn() {
    Caller caller = Caller.of("r", "R", List.of(Roles.QUALITY, Roles.RECALL), List.of("P1"), "j");
    assertThat(caller.traces("P2")).isTrue();
    assertThat(caller.sees("P2")).isFalse();
  }

  @Test
  void adminSeesAndTracesEveryPlantWithoutAPlantsClaim() {
    Caller caller = Caller.of("a", "A", List.of(Roles.ADMIN), List.of(), "j");
    assertThat(caller.sees("P9")).isTrue();
    assertThat(caller.traces("P9")).isTrue();
    assertThat(PlantScope.condition(caller, "plant")).isEmpty();
  }

  @Test
  void aTokenWithoutPlantsSeesNothing() {
    Caller caller = Caller.of("q", "Q", List.of(Roles.QUALITY), List.of(), "j");
    assertThat(PlantScope.condition(caller, "plant")).contains("0");
    assertThat(caller.sees("P1")).isFalse();
  }

  @Test
  void plantsClaimIsReadFromAJsonArrayOrAString() {
    assertThat(TokenClaims.strings(Json.createArrayBuilder().add("P1").add("P2").add("").build()))
        .containsExactly("P1", "P2");
    assertThat(TokenClaims.strings(Json.createValue("P3"))).containsExactly("P3");
    assertThat(TokenClaims.strings(null)).isEmpty();
  }
}
