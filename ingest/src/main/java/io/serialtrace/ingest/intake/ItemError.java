package io.serialtrace.ingest.intake;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.ingest.event.FieldError;
import java.util.List;
import java.util.OptionalInt;

/**
 * One thing wrong with one event of a request, as the sender reads it in {@code errors[]}: the
 * event's position in a batch ({@code index}, absent for a single event), the field and what is
 * wrong.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ItemError(OptionalInt index, String field, String message) {

  /** Each of an event's field errors, at the event's position. */
  public static List<ItemError> all(OptionalInt index, List<FieldError> errors) {
    return errors.stream().map(e -> new ItemError(index, e.field(), e.message())).toList();
  }
}
