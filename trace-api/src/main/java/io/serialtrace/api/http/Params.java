package io.serialtrace.api.http;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses query parameters, each failure a 400 naming the parameter. */
public final class Params {
  private Params() {}

  public static Optional<String> text(String name, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.length() > maxLength) {
      throw ApiProblem.badParameter(name, name + " is longer than " + maxLength + " characters");
    }
    return Optional.of(value.strip());
  }

  public static String path(String name, String value) {
    return text(name, value, 200)
        .orElseThrow(() -> ApiProblem.badParameter(name, name + " must not be blank"));
  }

  public static int intInRange(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiProblem.badParameter(name, name + " must be an integer, got '" + value + "'");
    }
    if (parsed < min || parsed > max) {
      throw ApiProblem.badParameter(
          name, name + " must be within " + min + ".." + max + ", got " + parsed);
    }
    return parsed;
  }

  public static Optional<Instant> instant(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.strip()));
    } catch (DateTimeParseException e) {
      throw ApiProblem.badParameter(
          name,
          name + " must be an ISO-8601 instant like 2026-01-31T06:00:00Z, got '" + value + "'");
    }
  }

  public static Optional<Duration> duration(String name, String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      Duration parsed = Duration.parse(value.strip());
      if (parsed.isNegative() || parsed.isZero()) {
        throw ApiProblem.badParameter(name, name + " must be positive, got " + value);
      }
      return Optional.of(parsed);
    } catch (DateTimeParseException e) {
      throw ApiProblem.badParameter(
          name, name + " must be an ISO-8601 duration like PT15M, got '" + value + "'");
    }
  }

  public static <E extends Enum<E>> Optional<E> oneOf(String name, String value, Class<E> type) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.badParameter(
          name,
          name
              + " must be one of "
              + java.util.Arrays.toString(type.getEnumConstants())
              + ", got '"
              + value
              + "'");
    }
  }
}
