package io.serialtrace.api.units;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Optional;

/**
 * A violation in its latest state: with its signed disposition (a holding violation) or signed
 * acknowledgement (a refusal notice) once it has one, and when it ended.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ViolationView(
    String violationId,
    String serial,
    String plant,
    String station,
    String code,
    String severity,
    String status,
    Instant detectedAt,
    Optional<String> stepId,
    String detail,
    Optional<String> eventId,
    Optional<Instant> eventTime,
    Optional<Instant> receivedTime,
    Optional<String> characteristic,
    Optional<Double> measuredValue,
    Optional<Double> lsl,
    Optional<Double> usl,
    Optional<String> unit,
    Optional<String> componentSerial,
    Optional<String> relatedSerial,
    Optional<Disposition> disposition,
    Optional<Acknowledgement> acknowledgement,
    Optional<Instant> endedAt) {

  /** The signed review that closed the violation (21 CFR 11.50: name, date/time, meaning). */
  public record Disposition(
      String decision,
      String signerId,
      String signerName,
      String reason,
      Optional<Instant> dispositionedAt,
      Optional<String> eventId) {}

  /** The signed acknowledgement that ended a refusal notice (name, role, meaning, date/time). */
  public record Acknowledgement(
      String signerId,
      String signerName,
      String signerRole,
      String meaning,
      String authMethod,
      String reason,
      Optional<Instant> acknowledgedAt,
      Optional<String> eventId) {}
}
