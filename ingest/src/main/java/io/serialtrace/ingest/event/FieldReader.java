package io.serialtrace.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads typed fields from one JSON object and collects every problem instead of stopping at the
 * first, so a station learns all that is wrong with an event in one answer. Absent values come back
 * as placeholders (empty string, zero) only together with a recorded error, so a caller that checks
 * {@link #errors()} never uses them.
 */
final class FieldReader {
  private static final int MAX_TEXT = 256;

  /** Canonical UUID text; {@link UUID#fromString} also takes odd forms like {@code 1-1-1-1-1}. */
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final JsonNode object;
  private final String prefix;
  private final List<FieldError> errors;

  FieldReader(JsonNode object, String prefix, List<FieldError> errors) {
    this.object = object;
    this.prefix = prefix;
    this.errors = errors;
  }

  List<FieldError> errors() {
    return errors;
  }

  String path(String field) {
    return prefix + field;
  }

  void fail(String field, String message) {
    errors.add(new FieldError(path(field), message));
  }

  /** Records an error for every field not in {@code allowed}: a typo must not pass silently. */
  void rejectUnknownFields(Set<String> allowed, Set<String> setByIngest) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (setByIngest.contains(name)) {
        fail(name, "is set by ingest, not by the sender; leave it out");
      } else if (!allowed.contains(name)) {
        fail(name, "is not a field of this event; allowed: " + String.join(", ", sorted(allowed)));
      }
    }
  }

  private Optional<JsonNode> present(String field) {
    JsonNode value = object.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
  }

  String requiredText(String field) {
    return optionalText(field)
        .orElseGet(
            () -> {
              if (!object.hasNonNull(field)) {
                fail(field, "is required");
              }
              return "";
            });
  }

  Optional<String> optionalText(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isTextual()) {
      fail(field, "must be a string");
      return Optional.empty();
    }
    String text = value.get().textValue();
    if (text.isBlank()) {
      fail(field, "must not be blank");
      return Optional.empty();
    }
    if (text.length() > MAX_TEXT) {
      fail(field, "must be at most " + MAX_TEXT + " characters");
      return Optional.empty();
    }
    return Optional.of(text);
  }

  UUID requiredUuid(String field) {
    Optional<String> text = optionalText(field);
    if (text.isEmpty()) {
      if (!object.hasNonNull(field)) {
        fail(field, "is required");
      }
      return new UUID(0, 0);
    }
    if (!UUID_TEXT.matcher(text.get()).matches()) {
      fail(field, "must be a UUID like 3f1c2a9e-8b4d-4c7a-9e21-5d6f7a8b9c0d");
      return new UUID(0, 0);
    }
    return UUID.fromString(text.get());
  }

  Instant requiredInstant(String field) {
    if (!object.hasNonNull(field)) {
      fail(field, "is required");
      return Instant.EPOCH;
    }
    return optionalInstant(field).orElse(Instant.EPOCH);
  }

  /** ISO-8601 with an offset, e.g. 2026-03-01T08:15:30.123Z; kept to the microsecond (Avro). */
  Optional<Instant> optionalInstant(String field) {
    Optional<String> text = optionalText(field);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant instant =
          OffsetDateTime.parse(text.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      return Optional.of(instant.truncatedTo(ChronoUnit.MICROS));
    } catch (DateTimeException e) {
      fail(field, "must be an ISO-8601 timestamp with offset, like 2026-03-01T08:15:30.123Z");
      return Optional.empty();
    }
  }

  int requiredPositiveInt(String field) {
    return optionalPositiveInt(field)
        .orElseGet(
            () -> {
              if (!object.hasNonNull(field)) {
                fail(field, "is required");
              }
              return 0;
            });
  }

  Optional<Integer> optionalPositiveInt(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isIntegralNumber() || !value.get().canConvertToInt()) {
      fail(field, "must be a whole number");
      return Optional.empty();
    }
    int number = value.get().intValue();
    if (number < 1) {
      fail(field, "must be at least 1");
      return Optional.empty();
    }
    return Optional.of(number);
  }

  double requiredNumber(String field) {
    return optionalNumber(field)
        .orElseGet(
            () -> {
              if (!object.hasNonNull(field)) {
                fail(field, "is required");
              }
              return 0.0;
            });
  }

  Optional<Double> optionalNumber(String field) {
    Optional<JsonNode> value = present(field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (!value.get().isNumber()) {
      fail(field, "must be a number");
      return Optional.empty();
    }
    double number = value.get().doubleValue();
    if (!Double.isFinite(number)) {
      fail(field, "must be a finite number");
      return Optional.empty();
    }
    return Optional.of(number);
  }

  <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    E[] constants = type.getEnumConstants();
    Optional<String> text = optionalText(field);
    if (text.isEmpty()) {
      if (!object.hasNonNull(field)) {
        fail(field, "is required");
      }
      return constants[0];
    }
    for (E constant : constants) {
      if (constant.name().equals(text.get())) {
        return constant;
      }
    }
    fail(
        field,
        "must be one of " + String.join(", ", Arrays.stream(constants).map(Enum::name).toList()));
    return constants[0];
  }

  private static List<String> sorted(Set<String> names) {
    List<String> list = new ArrayList<>(names);
    list.sort(String::compareTo);
    return list;
  }
}
