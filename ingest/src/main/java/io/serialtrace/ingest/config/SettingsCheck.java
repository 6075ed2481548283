package io.serialtrace.ingest.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.Config;

/**
 * Checks at start what depends on more than one setting (each setting's own range is declared on
 * {@link IngestSettings} and enforced by Quarkus): a bad combination stops the service, naming the
 * properties.
 */
@ApplicationScoped
public class SettingsCheck {
  /** The framework's hard cut-off for request bodies, answered without a problem document. */
  static final String HTTP_BODY_LIMIT = "quarkus.http.limits.max-body-size";

  void onStart(@Observes StartupEvent started, IngestSettings settings, Config config) {
    OptionalLong cutOff =
        config
            .getOptionalValue(HTTP_BODY_LIMIT, MemorySize.class)
            .map(size -> OptionalLong.of(size.asLongValue()))
            .orElse(OptionalLong.empty());
    List<String> problems =
        new ArrayList<>(problems(settings.http().maxBodyBytes(), cutOff, settings.plants()));
    IngestSettings.Cdc cdc = settings.cdc();
    problems.addAll(cdcProblems(cdc.heartbeatInterval(), cdc.stallTimeout(), cdc.publishTimeout()));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid ingest settings: " + String.join("; ", problems));
    }
  }

  /**
   * Every problem of the combination, in words naming the properties; empty when fine.
   *
   * @param maxBodyBytes {@code ingest.http.max-body-bytes}
   * @param httpBodyCutOff {@value #HTTP_BODY_LIMIT} in bytes, when set
   */
  public static List<String> problems(
      int maxBodyBytes, OptionalLong httpBodyCutOff, Map<String, IngestSettings.Plant> plants) {
    List<String> problems = new ArrayList<>();
    if (httpBodyCutOff.isPresent() && maxBodyBytes > httpBodyCutOff.getAsLong()) {
      problems.add(
          "ingest.http.max-body-bytes ("
              + maxBodyBytes
              + ") must not exceed "
              + HTTP_BODY_LIMIT
              + " ("
              + httpBodyCutOff.getAsLong()
              + " bytes), or a large body gets a bare 413 instead of a problem document");
    }
    plants.forEach(
        (plant, floor) ->
            floor
                .devices()
                .forEach(
                    (device, station) -> {
                      if (!floor.stations().contains(station)) {
                        problems.add(
                            "ingest.plants."
                                + plant
                                + ".devices."
                                + device
                                + " names station '"
                                + station
                                + "', which ingest.plants."
                                + plant
                                + ".stations does not list");
                      }
                    }));
    return problems;
  }

  /**
   * Route CDC's bounds that do not fit together, naming the properties; empty when fine.
   *
   * @param heartbeat {@code ingest.cdc.heartbeat-interval}
   * @param stall {@code ingest.cdc.stall-timeout}
   * @param publish {@code ingest.cdc.publish-timeout}
   */
  public static List<String> cdcProblems(Duration heartbeat, Duration stall, Duration publish) {
    List<String> problems = new ArrayList<>();
    if (stall.compareTo(max(heartbeat.multipliedBy(2), publish)) <= 0) {
      problems.add(
          "ingest.cdc.stall-timeout ("
              + stall
              + ") must exceed two ingest.cdc.heartbeat-interval ("
              + heartbeat
              + ") and ingest.cdc.publish-timeout ("
              + publish
              + "), or liveness restarts a route capture that is merely quiet or publishing");
    }
    return problems;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
