package io.serialtrace.gate.query;

import io.serialtrace.gate.query.HttpAnswer.Problem;
import io.serialtrace.support.http.ProblemTypes;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Maps a {@link UnitLookup} to the HTTP answer of {@code GET /units/{serial}/state}. */
public final class UnitStateAnswers {

  /** What a 503 asks the client to wait: about one rebalance round. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private UnitStateAnswers() {}

  public static HttpAnswer answer(String serial, UnitLookup lookup) {
    return switch (lookup) {
      case UnitLookup.FoundHere found ->
          new HttpAnswer(
              200,
              HttpAnswer.JSON,
              Optional.of(found.progress()),
              Optional.empty(),
              Optional.empty());
      case UnitLookup.OnOtherInstance other ->
          new HttpAnswer(
              307,
              HttpAnswer.PROBLEM_JSON,
              Optional.empty(),
              Optional.of(
                  URI.create(
                      "http://" + other.host().host() + ":" + other.host().port() + path(serial))),
              Optional.empty());
      case UnitLookup.NotFound notFound ->
          problem(
              404,
              "unit-not-found",
              "Unknown unit",
              "No unit with serial '" + serial + "' was ever started",
              Optional.empty());
      case UnitLookup.NotReady notReady ->
          problem(
              503,
              "store-not-ready",
              "Unit state temporarily unavailable",
              "The unit store cannot be queried right now (" + notReady.reason() + "); retry",
              Optional.of(RETRY_AFTER));
    };
  }

  /** The path of a unit's state, the serial percent-encoded. */
  public static String path(String serial) {
    return "/units/"
        + URLEncoder.encode(serial, StandardCharsets.UTF_8).replace("+", "%20")
        + "/state";
  }

  private static HttpAnswer problem(
      int status, String type, String title, String detail, Optional<Duration> retryAfter) {
    return new HttpAnswer(
        status,
        HttpAnswer.PROBLEM_JSON,
        Optional.of(new Problem(ProblemTypes.uri(type), title, status, detail, "serial")),
        Optional.empty(),
        retryAfter);
  }
}
