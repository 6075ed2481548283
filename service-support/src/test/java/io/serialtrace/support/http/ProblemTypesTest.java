package io.serialtrace.support.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProblemTypesTest {

  @Test
  void everyTypeIsAnUrnOfTheOneScheme() {
    assertThat(ProblemTypes.uri("kafka-unavailable"))
        .isEqualTo("urn:serialtrace:problem:kafka-unavailable");
  }

  @Test
  void aSlugThatIsNotLowerCaseWordsIsRefused() {
    assertThatThrownBy(() -> ProblemTypes.uri("Not Found")).hasMessageContaining("Not Found");
  }
}
