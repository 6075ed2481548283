package io.serialtrace.sink;

import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.CompletionStatus;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EdgeType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.GenealogyEdge;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitCompleted;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationDisposition;
import io.serialtrace.schemas.ViolationStatus;
import io.serialtrace.schemas.record.RecordHasher;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Builders of the four topics' values with every field set, deterministic from a seed. */
public final class TestRecords {
  public static final Instant T0 = Instant.parse("2026-03-01T08:15:30.123456Z");

  private TestRecords() {}

  public static UUID uuid(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
  }

  public static ProductionEvent event(String serial, long seq, Object payload) {
    return ProductionEvent.newBuilder()
        .setEventId(uuid(serial + "/" + seq))
        .setSerial(serial)
        .setPlant("PLANT-A")
        .setStation("ST-0" + (seq % 3))
        .setActor("operator-7")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(T0.plusSeconds(seq))
        .setReceivedTime(T0.plusSeconds(seq).plusMillis(250))
        .setSource(EventSource.HTTP)
        .setRawPayload(ByteBuffer.wrap(("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8)))
        .setRawContentType("application/json")
        .setReplyTo("ingest-1")
        .setPayload(payload)
        .build();
  }

  /**
   * A record whose recordHash is the real one over its content (RecordHasher); prevHash is a
   * placeholder, so records built one by one do not form a chain.
   */
  public static UnitRecord unitRecord(String serial, long seq, Object payload) {
    String prevHash = "%064d".formatted(seq - 1);
    ProductionEvent event = event(serial, seq, payload);
    return UnitRecord.newBuilder()
        .setSerial(serial)
        .setSeq(seq)
        .setPrevHash(prevHash)
        .setRecordHash(RecordHasher.hash(serial, seq, prevHash, event))
        .setRouteProduct("PUMP-200")
        .setRouteRevision("C")
        .setEvent(event)
        .setRecordedAt(T0.plusSeconds(seq).plusMillis(300))
        .build();
  }

  public static UnitRecord started(String serial) {
    return unitRecord(
        serial, 1, UnitStarted.newBuilder().setProduct("PUMP-200").setWorkOrder("WO-9").build());
  }

  public static UnitRecord stepStarted(String serial, long seq) {
    return unitRecord(serial, seq, StepStarted.newBuilder().setStepId("S10").build());
  }

  public static UnitRecord measured(String serial, long seq, double value) {
    return unitRecord(
        serial,
        seq,
        MeasurementRecorded.newBuilder()
            .setStepId("S20")
            .setCharacteristic("torque-M4")
            .setValue(value)
            .setUnit("Nm")
            .setDeviceId("TQ-3")
            .setCalibrationDue(T0.plusSeconds(86_400))
            .build());
  }

  public static Violation violation(String serial, String id, boolean dispositioned) {
    return Violation.newBuilder()
        .setViolationId(uuid(id))
        .setSerial(serial)
        .setPlant("PLANT-A")
        .setStation("ST-02")
        .setCode(ViolationCode.TOLERANCE_BREACH)
        .setSeverity(Severity.MAJOR)
        .setEventId(uuid(serial + "/2"))
        .setStepId("S20")
        .setDetail("torque 5.1 Nm above USL 5.0")
        .setDetectedAt(T0.plusSeconds(2).plusMillis(310))
        .setEventTime(T0.plusSeconds(2))
        .setReceivedTime(T0.plusSeconds(2).plusMillis(250))
        .setCharacteristic("torque-M4")
        .setMeasuredValue(5.1)
        .setLsl(4.0)
        .setUsl(5.0)
        .setUnit("Nm")
        .setComponentSerial("C-1")
        .setRelatedSerial("SN-OTHER")
        .setStatus(dispositioned ? ViolationStatus.DISPOSITIONED : ViolationStatus.OPEN)
        .setDisposition(
            dispositioned
                ? ViolationDisposition.newBuilder()
                    .setDecision(DispositionDecision.USE_AS_IS)
                    .setEventId(uuid(serial + "/disp"))
                    .setSignerId("qe-1")
                    .setSignerName("Q. Engineer")
                    .setReason("within functional margin")
                    .setDispositionedAt(T0.plusSeconds(60))
                    .build()
                : null)
        .build();
  }

  public static GenealogyEdge edge(String parent, String child, boolean lot) {
    return GenealogyEdge.newBuilder()
        .setEdgeType(EdgeType.INSTALLED)
        .setParentSerial(parent)
        .setChildSerial(lot ? null : child)
        .setLotId(lot ? child : null)
        .setPart(lot ? "GLUE-1" : "BOARD-7")
        .setQty(lot ? 3 : 1)
        .setStepId("S10")
        .setPlant("PLANT-A")
        .setEventId(uuid(parent + "->" + child))
        .setEventTime(T0.plusSeconds(5))
        .build();
  }

  public static UnitCompleted completed(String serial) {
    return UnitCompleted.newBuilder()
        .setSerial(serial)
        .setProduct("PUMP-200")
        .setWorkOrder("WO-9")
        .setRouteRevision("C")
        .setPlant("PLANT-A")
        .setCompletedAt(T0.plusSeconds(120))
        .setRecordHead("%064d".formatted(9))
        .setRecordCount(9)
        .setStatus(CompletionStatus.RELEASED_AFTER_DISPOSITION)
        .setViolationCount(1)
        .build();
  }
}
