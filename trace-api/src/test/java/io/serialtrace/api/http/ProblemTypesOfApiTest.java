package io.serialtrace.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.support.http.ProblemType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemTypesOfApiTest {

  @Test
  void everyCatalogueEntryHasAnUrnOfTheOneScheme() {
    assertThat(Arrays.stream(ApiProblemType.values()).map(ApiProblemType::uri))
        .allMatch(uri -> uri.matches("urn:serialtrace:problem:[a-z0-9-]+"))
        .contains("urn:serialtrace:problem:bad-parameter");
  }

  @Test
  void aFrameworkRefusalIsTypedByItsStatusAndTitledByItsReasonPhrase() {
    ProblemType notFound = ProblemMappers.frameworkRefusal(404);

    assertThat(notFound.uri()).isEqualTo("urn:serialtrace:problem:http-404");
    assertThat(notFound.title()).isEqualTo("Not Found");
    assertThat(notFound.status()).isEqualTo(404);
    assertThat(ProblemMappers.frameworkRefusal(499).title()).isEqualTo("HTTP 499");
  }
}
