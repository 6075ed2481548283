package io.serialtrace.load;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The two products ingest seeds by CDC ({@code ingest/src/main/resources/db/migration/V2__…}), as a
 * station knows them: steps in order, what each captures, and the one waiting time that matters in
 * real time (the seal's 10-minute cure before the sub-assembly's leak test).
 */
final class SeedRoutes {
  private SeedRoutes() {}

  record Scan(String part, boolean serialized, int qty) {}

  /** A measurement; {@code device} empty when an operator keys it in (source ANY). */
  record Measure(
      String characteristic, String unit, double lsl, double usl, Optional<String> device) {
    /** A value well inside the limits. */
    double nominal() {
      return Double.isInfinite(lsl) ? usl * 0.4 : (lsl + usl) / 2;
    }

    boolean isTorque() {
      return characteristic.startsWith("torque");
    }
  }

  record Signature(String meaning, String role) {}

  record Step(
      String stepId,
      List<Scan> scans,
      List<Measure> measures,
      List<Signature> signatures,
      Duration minWaitAfterPrevious) {}

  record Product(String productId, String serialPrefix, List<Step> steps) {}

  private static final double NONE = Double.NEGATIVE_INFINITY;

  static final Product SUB =
      new Product(
          "IP-200-SUB",
          "SUB",
          List.of(
              step(
                  "10-MOUNT-DRIVE",
                  List.of(new Scan("DRV-100", true, 1), new Scan("SCREW-M3x8", false, 4)),
                  List.of(
                      new Measure("torque-M3-drive", "Nm", 1.0, 1.4, Optional.of("torque-tool-7"))),
                  List.of()),
              step(
                  "20-GEARBOX",
                  List.of(new Scan("GBX-20", true, 1), new Scan("GREASE-7", false, 1)),
                  List.of(new Measure("backlash", "deg", NONE, 0.5, Optional.empty())),
                  List.of()),
              step(
                  "30-SEAL",
                  List.of(new Scan("ORING-12", false, 2), new Scan("ADH-UV-3", false, 1)),
                  List.of(),
                  List.of()),
              new Step(
                  "40-LEAK-TEST",
                  List.of(),
                  List.of(
                      new Measure(
                          "leak-rate", "mbar*l/s", NONE, 0.005, Optional.of("leak-tester-2")),
                      new Measure("pressure-decay", "Pa", NONE, 40, Optional.of("leak-tester-2"))),
                  List.of(),
                  Duration.ofMinutes(10)),
              step("50-LABEL", List.of(new Scan("LBL-UDI", false, 1)), List.of(), List.of()),
              step(
                  "60-QA-RELEASE",
                  List.of(),
                  List.of(),
                  List.of(new Signature("APPROVED", "QUALITY_INSPECTOR")))));

  static final Product FINAL =
      new Product(
          "IP-200-FINAL",
          "PUMP",
          List.of(
              step("10-HOUSING", List.of(new Scan("HSG-200-REAR", true, 1)), List.of(), List.of()),
              step(
                  "20-INSTALL-DRIVE",
                  List.of(new Scan("IP-200-SUB", true, 1)),
                  List.of(
                      new Measure(
                          "torque-M4-drive", "Nm", 1.8, 2.2, Optional.of("torque-tool-21"))),
                  List.of()),
              step(
                  "30-PCB",
                  List.of(new Scan("PCB-MAIN-4", true, 1), new Scan("SCREW-M2x5", false, 4)),
                  List.of(
                      new Measure("torque-M2-pcb", "Nm", 0.3, 0.45, Optional.of("torque-tool-21"))),
                  List.of()),
              step("40-DISPLAY", List.of(new Scan("DSP-35", true, 1)), List.of(), List.of()),
              step(
                  "50-CLOSE-HOUSING",
                  List.of(new Scan("HSG-200-FRONT", true, 1), new Scan("GASKET-200", false, 1)),
                  List.of(
                      new Measure(
                          "torque-M4-cover", "Nm", 1.8, 2.2, Optional.of("torque-tool-21"))),
                  List.of()),
              step(
                  "60-LEAK-TEST",
                  List.of(),
                  List.of(
                      new Measure(
                          "leak-rate", "mbar*l/s", NONE, 0.01, Optional.of("leak-tester-9"))),
                  List.of()),
              step(
                  "70-FUNCTIONAL",
                  List.of(),
                  List.of(
                      new Measure("flow-accuracy", "%", -5, 5, Optional.of("flow-rig-3")),
                      new Measure("occlusion-pressure", "kPa", 70, 110, Optional.empty())),
                  List.of(new Signature("PERFORMED", "TEST_TECHNICIAN"))),
              step(
                  "80-QA-RELEASE",
                  List.of(),
                  List.of(),
                  List.of(new Signature("APPROVED", "QUALITY_INSPECTOR")))));

  private static Step step(
      String id, List<Scan> scans, List<Measure> measures, List<Signature> signatures) {
    return new Step(id, scans, measures, signatures, Duration.ZERO);
  }
}
