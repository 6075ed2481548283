package io.serialtrace.gate.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.UnitScenario;
import io.serialtrace.support.http.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class UnitStateAnswersTest {

  /** The plant UnitScenario's events start their units in (TestEvents). */
  private static final String PLANT = "PLANT-1";

  /** A caller of that plant. */
  private static final Reader P1_OPERATOR = new Reader(Set.of(PLANT), false);

  @Test
  void aUnitFoundHereIsAnsweredWithItsStateAndWhatItStillMisses() {
    // 1. A unit with S10 open and nothing scanned yet.
    UnitScenario unit = new UnitScenario("SN-IQ-1").openStep("S10");
    UnitProgress progress = UnitProgress.of(unit.unit());

    // 2. Map.
    HttpAnswer answer =
        UnitStateAnswers.answer("SN-IQ-1", new UnitLookup.FoundHere(progress), P1_OPERATOR);

    // 3. 200 with the progress: the current step and both missing scans.
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.mediaType()).isEqualTo("application/json");
    assertThat(answer.body()).contains(progress);
    assertThat(progress.currentStep()).contains("S10");
    assertThat(progress.nextStep()).isEmpty();
    assertThat(progress.stillMissing())
        .containsExactly("Scan of part HOUSING: 0 of 1", "Scan of part SCREW: 0 of 4");
    assertThat(progress.seq()).isEqualTo(unit.unit().seq());
    assertThat(progress.recordHead()).isEqualTo(unit.unit().headHash());
  }

  @Test
  void aUnitBetweenStepsNamesTheNextStepAndMissesNothing() {
    UnitProgress progress = UnitProgress.of(new UnitScenario("SN-IQ-2").through("S10").unit());

    assertThat(progress.currentStep()).isEmpty();
    assertThat(progress.nextStep()).contains("S20");
    assertThat(progress.stillMissing()).isEmpty();
  }

  @Test
  void aUnitOwnedByAnotherInstanceIsATemporaryRedirectToIt() {
    HttpAnswer answer =
        UnitStateAnswers.answer(
            "SN 7/A",
            new UnitLookup.OnOtherInstance(new HostInfo("gate-2.local", 8081)),
            P1_OPERATOR);

    assertThat(answer.status()).isEqualTo(307);
    assertThat(answer.location())
        .contains(URI.create("http://gate-2.local:8081/units/SN%207%2FA/state"));
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void aSerialNeverStartedIsANotFoundProblemNamingTheSerial() {
    HttpAnswer answer = UnitStateAnswers.answer("SN-NONE", new UnitLookup.NotFound(), P1_OPERATOR);

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.mediaType()).isEqualTo("application/problem+json");
    Problem problem = (Problem) answer.body().orElseThrow();
    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.type()).isEqualTo("urn:serialtrace:problem:unit-not-found");
    assertThat(problem.extensions()).containsEntry("parameter", "serial");
    assertThat(problem.detail()).contains("SN-NONE");
  }

  @Test
  void aStoreStillNotQueryableAfterTheRetriesIsAServiceUnavailableProblem() {
    HttpAnswer answer =
        UnitStateAnswers.answer("SN-1", new UnitLookup.NotReady("state REBALANCING"), P1_OPERATOR);

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.mediaType()).isEqualTo("application/problem+json");
    assertThat(answer.retryAfter()).isEqualTo(Optional.of(Duration.ofSeconds(1)));
    assertThat(((Problem) answer.body().orElseThrow()).detail()).contains("REBALANCING");
  }

  @Test
  void aUnitOfAnotherPlantIsAnsweredExactlyAsASerialNeverStarted() {
    UnitProgress progress = UnitProgress.of(new UnitScenario("SN-IQ-3").openStep("S10").unit());
    Reader otherPlant = new Reader(Set.of("PLANT-2"), false);

    HttpAnswer foreign =
        UnitStateAnswers.answer("SN-IQ-3", new UnitLookup.FoundHere(progress), otherPlant);
    HttpAnswer unknown = UnitStateAnswers.answer("SN-IQ-3", new UnitLookup.NotFound(), otherPlant);

    assertThat(foreign).isEqualTo(unknown);
    assertThat(foreign.status()).isEqualTo(404);
  }

  @Test
  void anAdminSeesEveryPlantsUnitsAndAPlantsCallerItsOwn() {
    UnitProgress progress = UnitProgress.of(new UnitScenario("SN-IQ-4").openStep("S10").unit());
    UnitLookup found = new UnitLookup.FoundHere(progress);

    assertThat(progress.plant()).isEqualTo(PLANT);
    assertThat(UnitStateAnswers.answer("SN-IQ-4", found, new Reader(Set.of(), true)).status())
        .isEqualTo(200);
    assertThat(UnitStateAnswers.answer("SN-IQ-4", found, P1_OPERATOR).status()).isEqualTo(200);
    assertThat(UnitStateAnswers.answer("SN-IQ-4", found, new Reader(Set.of(), false)).status())
        .isEqualTo(404);
  }
}
