package io.serialtrace.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * One filled-in example of every payload and every top-level record, built with the generated
 * builders. Optional fields are set in some examples and left null in others so that both union
 * branches are exercised. Times have microsecond precision, the precision of the wire format.
 */
final class SampleRecords {

  static final Instant EVENT_TIME = Instant.parse("2025-03-04T10:15:30.123456Z");
  static final Instant RECEIVED_TIME = Instant.parse("2025-03-04T10:15:30.380001Z");
  static final String SERIAL = "SN-24-000117";
  static final String HEAD_HASH =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  private SampleRecords() {}

  /** A payload example under a name that says which variant it is. */
  record Payload(String name, SpecificRecord payload) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Payload> payloads() {
    return List.of(
        new Payload(
            "UnitStarted",
            UnitStarted.newBuilder().setProduct("PUMP-200").setWorkOrder("WO-88121").build()),
        new Payload("StepStarted", StepStarted.newBuilder().setStepId("S20-torque").build()),
        new Payload(
            "ComponentScanned of a serial",
            ComponentScanned.newBuilder()
                .setStepId("S10-assembly")
                .setPart("MOTOR-12V")
                .setComponentSerial("MT-55310")
                .setQty(1)
                .build()),
        new Payload(
            "ComponentScanned of a lot",
            ComponentScanned.newBuilder()
                .setStepId("S10-assembly")
                .setPart("ADHESIVE-E30")
                .setLotId("LOT-2025-0311")
                .setQty(2)
                .build()),
        new Payload(
            "MeasurementRecorded by a device",
            MeasurementRecorded.newBuilder()
                .setStepId("S20-torque")
                .setCharacteristic("torque-M4")
                .setValue(2.35)
                .setUnit("Nm")
                .setDeviceId("TQ-07")
                .setCalibrationDue(Instant.parse("2025-09-30T00:00:00.000001Z"))
                .build()),
        new Payload(
            "MeasurementRecorded by hand",
            MeasurementRecorded.newBuilder()
                .setStepId("S30-inspect")
                .setCharacteristic("gap")
                .setValue(-0.015)
                .setUnit("mm")
                .build()),
        new Payload(
            "SignatureApplied",
            SignatureApplied.newBuilder()
                .setStepId("S30-inspect")
                .setSignerId("u-4411")
                .setSignerName("Dana Whitfield")
                .setMeaning("APPROVED")
                .setSignerRole("QUALITY_INSPECTOR")
                .setSignedRecordHash(HEAD_HASH)
                .setAuthMethod(AuthMethod.BADGE_AND_PIN)
                .build()),
        new Payload("StepCompleted", StepCompleted.newBuilder().setStepId("S20-torque").build()),
        new Payload(
            "ComponentRemoved",
            ComponentRemoved.newBuilder()
                .setComponentSerial("MT-55310")
                .setReason("motor noisy at end-of-line test")
                .build()),
        new Payload(
            "Disposition",
            Disposition.newBuilder()
                .setViolationId(UUID.fromString("0b0f4c52-5d0c-4f7e-9a51-2d9c43a7c001"))
                .setDecision(DispositionDecision.USE_AS_IS)
                .setSignerId("u-0007")
                .setSignerName("Sam Okafor")
                .setSignerRole("QUALITY_ENGINEER")
                .setSignedRecordHash(HEAD_HASH)
                .setAuthMethod(AuthMethod.PASSWORD)
                .setReason("0.02 Nm over USL, within design margin per DR-311")
                .build()),
        new Payload(
            "Correction",
            Correction.newBuilder()
                .setCorrectsEventId(UUID.fromString("6a3c1e7d-98a1-4a32-b2a4-7c5d6e8f9001"))
                .setReason("digits transposed on entry")
                .setCorrectedField("value")
                .setReplacementValue(0.051)
                .build()),
        new Payload(
            "UnitScrapped",
            UnitScrapped.newBuilder().setReason("housing cracked during press fit").build()),
        new Payload(
            "Acknowledgement",
            Acknowledgement.newBuilder()
                .setViolationId(UUID.fromString("4d1e2f3a-5b6c-4d7e-8f90-a1b2c3d4e5f6"))
                .setSignerId("u-0007")
                .setSignerName("Sam Okafor")
                .setSignerRole("QUALITY_ENGINEER")
                .setMeaning("REVIEWED")
                .setAuthMethod(AuthMethod.SSO)
                .setReason("station app retried a start after a timeout; no second unit")
                .build()));
  }

  /** An event from a station app, carrying the given payload and its original bytes. */
  static ProductionEvent event(SpecificRecord payload) {
    return ProductionEvent.newBuilder()
        .setEventId(UUID.fromString("3f2b8c1a-7d4e-4b6a-9c0d-1e2f3a4b5c6d"))
        .setSerial(SERIAL)
        .setPlant("PLANT-GDL")
        .setStation("ST-20")
        .setActor("op-1187")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(EVENT_TIME)
        .setReceivedTime(RECEIVED_TIME)
        .setSource(EventSource.HTTP)
        .setRawPayload(ByteBuffer.wrap("{\"serial\":\"SN-24-000117\"}".getBytes(UTF_8)))
        .setRawContentType("application/json")
        .setReplyTo("ingest-0")
        .setPayload(payload)
        .build();
  }

  static Route route() {
    return Route.newBuilder()
        .setProduct("PUMP-200")
        .setRevision("C")
        .setStatus(RouteStatus.RELEASED)
        .setReleasedAt(Instant.parse("2025-01-15T08:00:00Z"))
        .setMaxEntryLagMillis(300_000L)
        .setSteps(
            List.of(
                RouteStep.newBuilder()
                    .setStepId("S10-assembly")
                    .setName("Assemble motor")
                    .setSequence(1)
                    .setMaxDurationMillis(1_800_000L)
                    .setRequiredScans(
                        List.of(
                            ScanRequirement.newBuilder()
                                .setPart("MOTOR-12V")
                                .setTracking(PartTracking.SERIALIZED)
                                .setQty(1)
                                .build(),
                            ScanRequirement.newBuilder()
                                .setPart("ADHESIVE-E30")
                                .setTracking(PartTracking.LOT)
                                .setQty(2)
                                .build()))
                    .build(),
                RouteStep.newBuilder()
                    .setStepId("S20-torque")
                    .setName("Torque housing screws")
                    .setSequence(2)
                    .setMinWaitAfterPreviousMillis(600_000L)
                    .setMaxWaitAfterPreviousMillis(14_400_000L)
                    .setRequiredMeasurements(
                        List.of(
                            MeasurementRequirement.newBuilder()
                                .setCharacteristic("torque-M4")
                                .setUnit("Nm")
                                .setLsl(2.1)
                                .setUsl(2.5)
                                .setSource(MeasurementSource.DEVICE)
                                .build()))
                    .setRequiredSignatures(
                        List.of(
                            SignatureRequirement.newBuilder()
                                .setMeaning("PERFORMED")
                                .setRole("OPERATOR")
                                .build()))
                    .build()))
        .build();
  }

  static GateDecision rejection() {
    return GateDecision.newBuilder()
        .setEventId(UUID.fromString("3f2b8c1a-7d4e-4b6a-9c0d-1e2f3a4b5c6d"))
        .setSerial(SERIAL)
        .setDecision(GateOutcome.REJECTED)
        .setReasons(List.of(ViolationCode.MISSING_CAPTURE, ViolationCode.LATE_ENTRY))
        .setMessages(List.of("torque-M4 not measured", "entered 7 min after the work"))
        .setDecidedAt(RECEIVED_TIME.plusNanos(4_000))
        .setReplyTo("ingest-0")
        .build();
  }

  /** An installation refused because another plant's unit still holds the component. */
  static GateDecision reuseRefusal() {
    return GateDecision.newBuilder(rejection())
        .setReasons(List.of(ViolationCode.COMPONENT_REUSED))
        .setMessages(List.of("Component H-77 is still installed in a unit of another plant"))
        .setComponentHolders(List.of(new ComponentHolder("SN-P2-0001", "P2")))
        .build();
  }

  static ComponentClaimAnswer refusedClaim() {
    return ComponentClaimAnswer.newBuilder()
        .setUnitSerial(SERIAL)
        .setComponentSerial("H-77")
        .setEventId(UUID.fromString("3f2b8c1a-7d4e-4b6a-9c0d-1e2f3a4b5c6d"))
        .setOutcome(ClaimOutcome.REFUSED)
        .setHolders(List.of(new ComponentHolder("SN-P2-0001", "P2")))
        .setUnreleasedStatus("HOLD")
        .setAnsweredAt(RECEIVED_TIME.plusNanos(3_000))
        .build();
  }

  static UnitRecord unitRecord() {
    return UnitRecord.newBuilder()
        .setSerial(SERIAL)
        .setSeq(1L)
        .setPrevHash("0".repeat(64))
        .setRecordHash(HEAD_HASH)
        .setRouteProduct("PUMP-200")
        .setRouteRevision("C")
        .setEvent(event(payloads().getFirst().payload()))
        .setRecordedAt(RECEIVED_TIME.plusNanos(5_000))
        .build();
  }

  static RecordCheckpoint checkpoint() {
    return io.serialtrace.schemas.anchor.Checkpoints.sign(
        3,
        1,
        "0".repeat(64),
        RECEIVED_TIME,
        RECEIVED_TIME.plusSeconds(10),
        List.of(new AnchorLeaf(SERIAL, 1L, HEAD_HASH)),
        "dev-1",
        io.serialtrace.schemas.anchor.SigningKeys.generate().getPrivate());
  }

  static Violation dispositionedToleranceBreach() {
    return Violation.newBuilder()
        .setViolationId(UUID.fromString("0b0f4c52-5d0c-4f7e-9a51-2d9c43a7c001"))
        .setSerial(SERIAL)
        .setPlant("PLANT-GDL")
        .setStation("ST-20")
        .setCode(ViolationCode.TOLERANCE_BREACH)
        .setSeverity(Severity.MAJOR)
        .setEventId(UUID.fromString("3f2b8c1a-7d4e-4b6a-9c0d-1e2f3a4b5c6d"))
        .setStepId("S20-torque")
        .setDetail("torque-M4 = 2.52 Nm above USL 2.5 Nm")
        .setDetectedAt(RECEIVED_TIME.plusNanos(4_000))
        .setEventTime(EVENT_TIME)
        .setReceivedTime(RECEIVED_TIME)
        .setCharacteristic("torque-M4")
        .setMeasuredValue(2.52)
        .setLsl(2.1)
        .setUsl(2.5)
        .setUnit("Nm")
        .setStatus(ViolationStatus.DISPOSITIONED)
        .setDisposition(
            ViolationDisposition.newBuilder()
                .setDecision(DispositionDecision.USE_AS_IS)
                .setEventId(UUID.fromString("c6c4f1d2-1111-4e22-8a33-5f6e7d8c9b0a"))
                .setSignerId("u-0007")
                .setSignerName("Sam Okafor")
                .setReason("within design margin per DR-311")
                .setDispositionedAt(Instant.parse("2025-03-04T11:02:00.000500Z"))
                .build())
        .build();
  }

  static Violation acknowledgedDuplicateSerial() {
    return Violation.newBuilder()
        .setViolationId(UUID.fromString("4d1e2f3a-5b6c-4d7e-8f90-a1b2c3d4e5f6"))
        .setSerial(SERIAL)
        .setPlant("PLANT-GDL")
        .setStation("ST-01")
        .setCode(ViolationCode.DUPLICATE_SERIAL)
        .setSeverity(Severity.CRITICAL)
        .setEventId(UUID.fromString("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"))
        .setDetail("Serial SN-24-000117 already exists (IN_WORK, work order WO-88121)")
        .setDetectedAt(RECEIVED_TIME.plusNanos(3_000))
        .setEventTime(EVENT_TIME)
        .setReceivedTime(RECEIVED_TIME)
        .setStatus(ViolationStatus.ACKNOWLEDGED)
        .setAcknowledgement(
            ViolationAcknowledgement.newBuilder()
                .setEventId(UUID.fromString("e1d2c3b4-a596-4877-8899-aabbccddeeff"))
                .setSignerId("u-0007")
                .setSignerName("Sam Okafor")
                .setSignerRole("QUALITY_ENGINEER")
                .setMeaning("REVIEWED")
                .setAuthMethod(AuthMethod.SSO)
                .setReason("station app retried a start after a timeout; no second unit")
                .setAcknowledgedAt(Instant.parse("2025-03-04T12:00:00.000001Z"))
                .build())
        .setEndedAt(Instant.parse("2025-03-04T12:00:01.000002Z"))
        .build();
  }

  static Violation overdueStep() {
    return Violation.newBuilder()
        .setViolationId(UUID.fromString("7e1d2c3b-4a59-4b68-8c7d-6e5f4a3b2c1d"))
        .setSerial(SERIAL)
        .setPlant("PLANT-GDL")
        .setStation("ST-10")
        .setCode(ViolationCode.STEP_OVERDUE)
        .setSeverity(Severity.MINOR)
        .setStepId("S10-assembly")
        .setDetail("S10-assembly open 31 min, limit 30 min")
        .setDetectedAt(Instant.parse("2025-03-04T10:46:00.000001Z"))
        .build();
  }

  static GenealogyEdge installedLot() {
    return GenealogyEdge.newBuilder()
        .setEdgeType(EdgeType.INSTALLED)
        .setParentSerial(SERIAL)
        .setLotId("LOT-2025-0311")
        .setPart("ADHESIVE-E30")
        .setQty(2)
        .setStepId("S10-assembly")
        .setPlant("PLANT-GDL")
        .setEventId(UUID.fromString("5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d"))
        .setEventTime(EVENT_TIME)
        .build();
  }

  static UnitCompleted releasedAfterDisposition() {
    return UnitCompleted.newBuilder()
        .setSerial(SERIAL)
        .setProduct("PUMP-200")
        .setWorkOrder("WO-88121")
        .setRouteRevision("C")
        .setPlant("PLANT-GDL")
        .setCompletedAt(Instant.parse("2025-03-04T11:02:00.000900Z"))
        .setRecordHead(HEAD_HASH)
        .setRecordCount(14L)
        .setStatus(CompletionStatus.RELEASED_AFTER_DISPOSITION)
        .setViolationCount(1)
        .build();
  }
}
