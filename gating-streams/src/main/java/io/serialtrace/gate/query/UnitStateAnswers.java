package io.serialtrace.gate.query;

import io.serialtrace.support.http.Problem;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Maps a {@link UnitLookup} to the HTTP answer of {@code GET /units/{serial}/state} for a verified
 * {@link Reader}: a unit of a plant the reader does not see is answered exactly as a serial never
 * started (404), so the answer says nothing of it.
 */
public final class UnitStateAnswers {

  /** What a 503 asks the client to wait: about one rebalance round. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private UnitStateAnswers() {}

  public static HttpAnswer answer(String serial, UnitLookup lookup, Reader reader) {
    return switch (lookup) {
      case UnitLookup.FoundHere found when !reader.sees(found.progress().plant()) ->
          notFound(serial);
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
      case UnitLookup.NotFound notFound -> notFound(serial);
      case UnitLookup.NotReady notReady ->
          problem(
              GateProblemType.STORE_NOT_READY,
              "The unit store cannot be queried right now (" + notReady.reason() + "); retry",
              Optional.of(RETRY_AFTER));
    };
  }

  private static HttpAnswer notFound(String serial) {
    return problem(
        GateProblemType.UNIT_NOT_FOUND,
        "No unit with serial '" + serial + "' was ever started",
        Optional.empty());
  }

  /** The path of a unit's state, the serial percent-encoded. */
  public static String path(String serial) {
    return "/units/"
        + URLEncoder.encode(serial, StandardCharsets.UTF_8).replace("+", "%20")
        + "/state";
  }

  /** A problem about the request's {@code serial}, named in the {@code parameter} member. */
  private static HttpAnswer problem(
      GateProblemType type, String detail, Optional<Duration> retryAfter) {
    return new HttpAnswer(
        type.status(),
        HttpAnswer.PROBLEM_JSON,
        Optional.of(Problem.of(type, detail).with("parameter", "serial")),
        Optional.empty(),
        retryAfter);
  }
}
