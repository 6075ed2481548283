package io.serialtrace.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WaitPreferenceTest {
  private static final Duration MAX = Duration.ofSeconds(30);

  @Test
  void readsWaitFromThePreferHeader() {
    assertThat(WaitPreference.of(Optional.of("respond-async, wait=5"), Optional.empty(), MAX))
        .contains(Duration.ofSeconds(5));
  }

  @Test
  void capsTheWaitAtTheConfiguredMaximum() {
    assertThat(WaitPreference.of(Optional.of("wait=600"), Optional.empty(), MAX)).contains(MAX);
  }

  @Test
  void theQueryParameterWinsOverTheHeader() {
    assertThat(WaitPreference.of(Optional.of("wait=5"), Optional.of(2), MAX))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void noPreferenceMeansNoWait() {
    assertThat(WaitPreference.of(Optional.of("return=minimal"), Optional.empty(), MAX)).isEmpty();
    assertThat(WaitPreference.of(Optional.empty(), Optional.empty(), MAX)).isEmpty();
    assertThat(WaitPreference.of(Optional.of("wait=0"), Optional.empty(), MAX)).isEmpty();
  }
}
