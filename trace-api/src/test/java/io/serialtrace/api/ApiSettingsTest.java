package io.serialtrace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.support.settings.ValidatedSettings;
import io.smallrye.config.ConfigValidationException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * trace-api's settings as parsed at start: a bad value or a bad combination is refused by name
 * (documentation: {@link ApiSettingsDocumentationTest}).
 */
class ApiSettingsTest {

  @Test
  void theDeclaredDefaultsPassEveryCheck() {
    assertThat(SettingsCheck.problems(parse(Map.of()))).isEmpty();
  }

  @Test
  void aValueOutsideItsConstraintIsRefusedByName() {
    assertThatThrownBy(() -> parse(Map.of("api.database", "bad-db!")))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("api.database must be a plain identifier");
    assertThatThrownBy(() -> parse(Map.of("api.query-timeout", "PT0.5S")))
        .hasMessageContaining("api.query-timeout");
    assertThatThrownBy(() -> parse(Map.of("api.pages.max-limit", "0")))
        .hasMessageContaining("api.pages.max-limit");
    assertThatThrownBy(() -> parse(Map.of("api.stream.heartbeat", "PT0.05S")))
        .hasMessageContaining("api.stream.heartbeat");
  }

  @Test
  void defaultsAboveTheirMaximaAreRefusedNamingBothSettings() {
    ApiSettings bad =
        parse(
            Map.of(
                "api.genealogy.default-depth", "40",
                "api.genealogy.max-depth", "30",
                "api.pages.default-limit", "100",
                "api.pages.max-limit", "50",
                "api.contemporaneity.default-range", "P40D"));

    assertThat(SettingsCheck.problems(bad))
        .containsExactly(
            "api.genealogy.default-depth must be at most api.genealogy.max-depth, was 40 with a"
                + " maximum of 30",
            "api.pages.default-limit must be at most api.pages.max-limit, was 100 with a maximum"
                + " of 50",
            "api.contemporaneity.default-range must be at most api.contemporaneity.max-range, was"
                + " PT960H with a maximum of PT744H");
    assertThatThrownBy(() -> SettingsCheck.requireValid(bad))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPlantHasItsOwnShiftCalendarAndAnUnlistedPlantTheDefaultOne() {
    ApiSettings settings =
        parse(
            Map.of(
                "api.plants.P2.time-zone", "America/Chicago",
                "api.plants.P2.shift-starts", "07:00,15:30,23:30"));

    assertThat(settings.plants().get("P2").timeZone()).isEqualTo(ZoneId.of("America/Chicago"));
    assertThat(settings.plants().get("P2").shiftStarts())
        .containsExactly(LocalTime.of(7, 0), LocalTime.of(15, 30), LocalTime.of(23, 30));
    assertThat(settings.plants()).containsKey("P2").doesNotContainKey("P7");
    assertThat(settings.plants().get("P7").timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(settings.plants().get("P7").shiftStarts())
        .containsExactly(LocalTime.of(6, 0), LocalTime.of(14, 0), LocalTime.of(22, 0));
    assertThat(SettingsCheck.problems(settings)).isEmpty();
  }

  @Test
  void aBadTimeZoneOrShiftStartIsRefusedByName() {
    assertThatThrownBy(() -> parse(Map.of("api.plants.P1.time-zone", "Mars/Olympus")))
        .hasMessageContaining("api.plants.P1.time-zone");
    assertThatThrownBy(() -> parse(Map.of("api.plants.P1.shift-starts", "06:00,25:00")))
        .hasMessageContaining("api.plants.P1.shift-starts");
    String tooMany =
        String.join(
            ",",
            java.util.stream.IntStream.range(0, 25)
                .mapToObj(m -> String.format("00:%02d", m))
                .toList());
    assertThatThrownBy(() -> parse(Map.of("api.plants.P1.shift-starts", tooMany)))
        .isInstanceOf(ConfigValidationException.class)
        .hasMessageContaining("api.plants.P1.shift-starts");
  }

  @Test
  void shiftStartsLessThanAnHourApartAreRefusedNamingThePlant() {
    ApiSettings bad =
        parse(
            Map.of(
                "api.plants.P3.shift-starts", "06:00,06:30,14:00",
                "api.plants.P4.shift-starts", "06:00,06:00"));

    assertThat(SettingsCheck.problems(bad))
        .containsExactlyInAnyOrder(
            "api.plants.P3.shift-starts must be distinct local times at least PT1H apart, was"
                + " 06:00,06:30,14:00",
            "api.plants.P4.shift-starts must be distinct local times at least PT1H apart, was"
                + " 06:00,06:00");
    // Around midnight: 23:30 to 00:15 is 45 minutes.
    assertThat(
            SettingsCheck.problems(
                parse(Map.of("api.plants.P5.shift-starts", "00:15,12:00,23:30"))))
        .hasSize(1);
  }

  /** The settings the stack would give, with {@code values} on top. */
  private static ApiSettings parse(Map<String, String> values) {
    Map<String, String> all = new HashMap<>();
    all.put("api.stream.bootstrap-servers", "127.0.0.1:1");
    all.put("api.stream.registry-url", "http://127.0.0.1:1/apis/registry/v3");
    all.put("api.anchor.public-keys.dev-1", "/keys/dev-1.pem");
    all.putAll(values);
    return ValidatedSettings.parse(ApiSettings.class, all);
  }

  @Test
  void refusesAClickHouseSocketTimeoutThatIsMissingOrNotAboveTheQueryTimeout() {
    Duration query = Duration.ofSeconds(30);

    assertThat(SettingsCheck.socketTimeoutProblem(query, Optional.of(40_000L))).isEmpty();
    assertThat(SettingsCheck.socketTimeoutProblem(query, Optional.empty()))
        .get()
        .asString()
        .contains("socket_timeout must be set");
    assertThat(SettingsCheck.socketTimeoutProblem(query, Optional.of(30_000L)))
        .get()
        .asString()
        .contains("(30000 ms) must exceed api.query-timeout (PT30S)");
  }
}
