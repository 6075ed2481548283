package io.serialtrace.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsCheckTest {

  private static IngestSettings.Signatures signatures(Duration age, Set<String> roles) {
    return new IngestSettings.Signatures() {
      @Override
      public Duration maxAuthenticationAge() {
        return age;
      }

      @Override
      public Set<String> qualitySignerRoles() {
        return roles;
      }
    };
  }

  @Test
  void acceptsTheDefaultsAndRefusesAnAgeThatIsNoLongerTheMomentOfSigning() {
    Set<String> roles = Set.of("QUALITY_INSPECTOR");
    assertThat(SettingsCheck.problems(signatures(Duration.ofSeconds(120), roles))).isEmpty();
    assertThat(SettingsCheck.problems(signatures(Duration.ofMinutes(15), roles))).isEmpty();
    assertThat(SettingsCheck.problems(signatures(Duration.ofMinutes(16), roles)))
        .singleElement()
        .asString()
        .contains("max-authentication-age");
    assertThat(SettingsCheck.problems(signatures(Duration.ZERO, roles))).hasSize(1);
  }

  @Test
  void refusesAnEmptyListOfQualitySignerRoles() {
    assertThat(SettingsCheck.problems(signatures(Duration.ofSeconds(120), Set.of())))
        .singleElement()
        .asString()
        .contains("quality-signer-roles");
  }
}
