package io.serialtrace.gate.rules;

import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.MeasurementSource;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.SignatureRequirement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Routes for tests; the six-step route is the one docs/STATE_MACHINE.md describes. */
public final class TestRoutes {

  public static final String PRODUCT = "PUMP-100";
  public static final Duration MAX_ENTRY_LAG = Duration.ofSeconds(60);

  private TestRoutes() {}

  public static Route sixStepRoute() {
    return builder(PRODUCT, "B")
        .step(
            step("S10", "kitting", 1)
                .setMaxDurationMillis(Duration.ofMinutes(30).toMillis())
                .setRequiredScans(
                    List.of(
                        new ScanRequirement("HOUSING", PartTracking.SERIALIZED, 1),
                        new ScanRequirement("SCREW", PartTracking.LOT, 4))))
        .step(
            step("S20", "torque", 2)
                .setMaxDurationMillis(Duration.ofMinutes(10).toMillis())
                .setRequiredMeasurements(
                    List.of(
                        new MeasurementRequirement(
                            "torque-M4", "Nm", 1.8, 2.2, MeasurementSource.DEVICE))))
        .step(
            step("S30", "bond", 3)
                .setRequiredMeasurements(
                    List.of(
                        new MeasurementRequirement(
                            "gap", "mm", 0.10, 0.30, MeasurementSource.ANY))))
        .step(
            step("S40", "cure", 4).setMinWaitAfterPreviousMillis(Duration.ofMinutes(60).toMillis()))
        .step(
            step("S50", "solder", 5)
                .setMaxWaitAfterPreviousMillis(Duration.ofMinutes(30).toMillis())
                .setRequiredMeasurements(
                    List.of(
                        new MeasurementRequirement(
                            "leak-rate", "mbar", null, 0.5, MeasurementSource.DEVICE))))
        .step(
            step("S60", "final", 6)
                .setRequiredSignatures(
                    List.of(
                        new SignatureRequirement("PERFORMED", "OPERATOR"),
                        new SignatureRequirement("APPROVED", "QUALITY_INSPECTOR"))))
        .build();
  }

  /** The six-step route as a DRAFT revision: no unit may start on it. */
  public static Route draftRoute() {
    Route r = sixStepRoute();
    return Route.newBuilder(r)
        .setStatus(RouteStatus.DRAFT)
        .setReleasedAt(null)
        .setRevision("C")
        .build();
  }

  public static RouteStep.Builder step(String id, String name, int sequence) {
    return RouteStep.newBuilder()
        .setStepId(id)
        .setName(name)
        .setSequence(sequence)
        .setRequiredScans(List.of())
        .setRequiredMeasurements(List.of())
        .setRequiredSignatures(List.of());
  }

  public static Builder builder(String product, String revision) {
    return new Builder(product, revision);
  }

  /** Route builder: steps in the order added. */
  public static final class Builder {
    private final String product;
    private final String revision;
    private final List<RouteStep> steps = new ArrayList<>();

    private Builder(String product, String revision) {
      this.product = product;
      this.revision = revision;
    }

    public Builder step(RouteStep.Builder step) {
      steps.add(step.build());
      return this;
    }

    public Route build() {
      return Route.newBuilder()
          .setProduct(product)
          .setRevision(revision)
          .setStatus(RouteStatus.RELEASED)
          .setReleasedAt(Instant.parse("2026-01-01T00:00:00Z"))
          .setMaxEntryLagMillis(MAX_ENTRY_LAG.toMillis())
          .setSteps(steps)
          .build();
    }
  }
}
