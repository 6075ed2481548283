package io.serialtrace.ingest.http;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a station wants to wait for the gate's decision: {@code Prefer: wait=N} (RFC 7240)
 * or the query parameter {@code wait=N}, in whole seconds, capped at the configured maximum.
 */
public final class WaitPreference {
  private static final Pattern WAIT =
      Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*(\\d{1,6})(?:$|[,;\\s])");

  private WaitPreference() {}

  public static Optional<Duration> of(
      Optional<String> preferHeader, Optional<Integer> waitQuery, Duration max) {
    Optional<Long> seconds =
        waitQuery
            .map(Integer::longValue)
            .or(() -> preferHeader.flatMap(WaitPreference::fromHeader));
    return seconds
        .filter(s -> s > 0)
        .map(Duration::ofSeconds)
        .map(wanted -> wanted.compareTo(max) > 0 ? max : wanted);
  }

  private static Optional<Long> fromHeader(String header) {
    Matcher matcher = WAIT.matcher(header.trim());
    return matcher.find() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }
}
