package io.serialtrace.schemas.event;

import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import java.util.Optional;

/** Facts about a {@code ProductionEvent}'s payload that the gate, the sink and trace-api share. */
public final class Payloads {
  private Payloads() {}

  /** The route step a payload belongs to; empty for unit-level payloads (start, scrap, …). */
  public static Optional<String> stepId(Object payload) {
    return Optional.ofNullable(
        switch (payload) {
          case StepStarted p -> p.getStepId();
          case ComponentScanned p -> p.getStepId();
          case MeasurementRecorded p -> p.getStepId();
          case SignatureApplied p -> p.getStepId();
          case StepCompleted p -> p.getStepId();
          default -> null;
        });
  }
}
