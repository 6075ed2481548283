package io.serialtrace.api;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Checks at start what one setting's constraints cannot: relations between settings or between the
 * values of one list (a plant's shift starts). A single bad value is refused by the Bean Validation
 * constraints on {@link ApiSettings} before this runs; a bad combination stops trace-api here,
 * naming the settings involved.
 */
@ApplicationScoped
public class SettingsCheck {

  // Before the violation feed (default priority) starts its consumer.
  void onStart(@Observes @Priority(10) StartupEvent started, ApiSettings settings, Config config) {
    requireValid(settings);
    socketTimeoutProblem(
            settings.queryTimeout(), config.getOptionalValue(SOCKET_TIMEOUT, Long.class))
        .ifPresent(
            problem -> {
              throw new IllegalStateException("Invalid api settings: " + problem);
            });
  }

  /** ClickHouse's client-side read bound (milliseconds), a jdbc-v2 client option. */
  static final String SOCKET_TIMEOUT =
      "quarkus.datasource.jdbc.additional-jdbc-properties.socket_timeout";

  /**
   * The ClickHouse socket timeout missing (the driver then waits forever on a silent server) or not
   * above {@code api.query-timeout} (a slow query would be cut by the client before the server's
   * own limit answers).
   */
  static Optional<String> socketTimeoutProblem(
      Duration queryTimeout, Optional<Long> socketTimeoutMillis) {
    if (socketTimeoutMillis.isEmpty() || socketTimeoutMillis.get() <= 0) {
      return Optional.of(
          SOCKET_TIMEOUT
              + " must be set (milliseconds): without it a ClickHouse that stops answering holds"
              + " the request and its pooled connection forever");
    }
    if (socketTimeoutMillis.get() <= queryTimeout.toMillis()) {
      return Optional.of(
          SOCKET_TIMEOUT
              + " ("
              + socketTimeoutMillis.get()
              + " ms) must exceed api.query-timeout ("
              + queryTimeout
              + "), so a slow query ends with the server's own error first");
    }
    return Optional.empty();
  }

  /** Throws, naming every bad combination, unless {@code settings} are usable together. */
  static void requireValid(ApiSettings settings) {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid api settings: " + String.join("; ", problems));
    }
  }

  /** Every bad combination in {@code settings}, naming the settings; empty when they fit. */
  static List<String> problems(ApiSettings settings) {
    List<String> problems = new ArrayList<>();
    var genealogy = settings.genealogy();
    if (genealogy.defaultDepth() > genealogy.maxDepth()) {
      problems.add(
          "api.genealogy.default-depth must be at most api.genealogy.max-depth, was "
              + genealogy.defaultDepth()
              + " with a maximum of "
              + genealogy.maxDepth());
    }
    var pages = settings.pages();
    if (pages.defaultLimit() > pages.maxLimit()) {
      problems.add(
          "api.pages.default-limit must be at most api.pages.max-limit, was "
              + pages.defaultLimit()
              + " with a maximum of "
              + pages.maxLimit());
    }
    var report = settings.contemporaneity();
    if (report.defaultRange().compareTo(report.maxRange()) > 0) {
      problems.add(
          "api.contemporaneity.default-range must be at most api.contemporaneity.max-range, was "
              + report.defaultRange()
              + " with a maximum of "
              + report.maxRange());
    }
    settings
        .plants()
        .forEach(
            (plant, calendar) ->
                shiftStartsProblem(plant, calendar.shiftStarts()).ifPresent(problems::add));
    return problems;
  }

  /** Shortest shift: its last hour, the end-of-shift window, must lie within it. */
  static final Duration SHORTEST_SHIFT = Duration.ofHours(1);

  /** Shift starts that are not distinct or less than {@link #SHORTEST_SHIFT} apart, named. */
  static Optional<String> shiftStartsProblem(String plant, List<LocalTime> starts) {
    List<LocalTime> sorted = starts.stream().sorted().toList();
    for (int i = 0; i < sorted.size(); i++) {
      LocalTime start = sorted.get(i);
      LocalTime next = sorted.get((i + 1) % sorted.size());
      // The last shift runs into the next day, up to the first start.
      Duration shift = Duration.between(start, next).plusDays(i == sorted.size() - 1 ? 1 : 0);
      if (shift.compareTo(SHORTEST_SHIFT) < 0) {
        return Optional.of(
            "api.plants."
                + plant
                + ".shift-starts must be distinct local times at least "
                + SHORTEST_SHIFT
                + " apart, was "
                + starts.stream().map(LocalTime::toString).collect(Collectors.joining(",")));
      }
    }
    return Optional.empty();
  }
}
