package io.serialtrace.gate.rules;

import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;

/**
 * The payload of a ProductionEvent as a sealed type. Avro surfaces the payload union as {@code
 * Object}, so the compiler cannot see it is closed; {@link #of} is the one place that maps it, and
 * {@link GateRules} then switches over this type exhaustively, without a default.
 */
sealed interface Payload {

  /** The only payload that does not need a started unit: {@link UnitLifecycleRules}. */
  record StartUnit(UnitStarted started) implements Payload {}

  /**
   * Ends a refusal notice, whatever the status of its unit (open, closed or never started): {@link
   * NoticeRules}.
   */
  record Acknowledge(Acknowledgement acknowledgement) implements Payload {}

  /** Payloads about a unit that must exist and be open. */
  sealed interface OnUnit extends Payload {}

  /** Decided by {@link StepRules}. */
  record StartStep(StepStarted started) implements OnUnit {}

  /** A scan installs a component: {@link ComponentRules}. */
  record ScanComponent(ComponentScanned scan) implements OnUnit {}

  /** Decided by {@link CaptureRules}. */
  record RecordMeasurement(MeasurementRecorded measurement) implements OnUnit {}

  /** Decided by {@link SignatureRules}. */
  record ApplySignature(SignatureApplied signature) implements OnUnit {}

  /** Decided by {@link StepRules}, with the completeness check of {@link CaptureRules}. */
  record CompleteStep(StepCompleted completed) implements OnUnit {}

  /** Decided by {@link ComponentRules}. */
  record RemoveComponent(ComponentRemoved removal) implements OnUnit {}

  /** Decided by {@link ReviewRules}. */
  record Dispose(Disposition disposition) implements OnUnit {}

  /** Appended beside the event it corrects: {@link ReviewRules}. */
  record Correct(Correction correction) implements OnUnit {}

  /** Closes the record: {@link UnitLifecycleRules}. */
  record ScrapUnit(UnitScrapped scrap) implements OnUnit {}

  /** A payload of a schema this gate does not know yet. */
  record Unknown(Object raw) implements OnUnit {}

  static Payload of(Object raw) {
    return switch (raw) {
      case UnitStarted p -> new StartUnit(p);
      case StepStarted p -> new StartStep(p);
      case ComponentScanned p -> new ScanComponent(p);
      case MeasurementRecorded p -> new RecordMeasurement(p);
      case SignatureApplied p -> new ApplySignature(p);
      case StepCompleted p -> new CompleteStep(p);
      case ComponentRemoved p -> new RemoveComponent(p);
      case Disposition p -> new Dispose(p);
      case Correction p -> new Correct(p);
      case UnitScrapped p -> new ScrapUnit(p);
      case Acknowledgement p -> new Acknowledge(p);
      default -> new Unknown(raw);
    };
  }
}
