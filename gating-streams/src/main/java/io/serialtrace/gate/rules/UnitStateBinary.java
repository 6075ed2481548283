package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.CompletedStep;
import io.serialtrace.gate.rules.UnitState.Deadline;
import io.serialtrace.gate.rules.UnitState.Identity;
import io.serialtrace.gate.rules.UnitState.InstalledComponent;
import io.serialtrace.gate.rules.UnitState.Lifecycle;
import io.serialtrace.gate.rules.UnitState.MeasurementCapture;
import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.gate.rules.UnitState.OpenViolation;
import io.serialtrace.gate.rules.UnitState.Progress;
import io.serialtrace.gate.rules.UnitState.RecordHead;
import io.serialtrace.gate.rules.UnitState.SignatureCapture;
import io.serialtrace.gate.rules.UnitState.Violations;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.ViolationCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The binary form of a {@link UnitState} in the unit store and its changelog: a format byte ({@link
 * #FORMAT_V1}; the JSON form of earlier gates starts with <code>{</code>), then the fields in a
 * fixed order — strings as modified UTF-8 with a length, instants as seconds + nanos, enums by
 * ordinal (their constants are only ever appended), the embedded Avro records (raised violations,
 * the events parked behind a claim) as length-prefixed Avro binary in the fixed schemas of {@link
 * EmbeddedAvro}. The pinned route is not copied: product + revision identify it. A field added
 * later goes at the end under a new format byte, and this reader keeps reading v1.
 */
final class UnitStateBinary {

  /** The first byte of a v1 binary state. */
  static final byte FORMAT_V1 = 1;

  private UnitStateBinary() {}

  static byte[] write(UnitState s) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeByte(FORMAT_V1);
    Identity id = s.identity();
    out.writeUTF(id.serial());
    out.writeUTF(id.product());
    out.writeUTF(id.workOrder());
    out.writeUTF(id.plant());
    out.writeUTF(id.routeRevision());
    Lifecycle l = s.lifecycle();
    out.writeByte(l.status().ordinal());
    out.writeBoolean(l.everHeld());
    optionalInstant(out, l.closedAt());
    out.writeBoolean(l.compacted());
    Progress p = s.progress();
    out.writeInt(p.completedSteps().size());
    for (CompletedStep c : p.completedSteps()) {
      out.writeUTF(c.stepId());
      instant(out, c.startedAt());
      instant(out, c.completedAt());
    }
    out.writeBoolean(p.openStep().isPresent());
    if (p.openStep().isPresent()) {
      OpenStep o = p.openStep().get();
      out.writeUTF(o.stepId());
      instant(out, o.startedAt());
      out.writeInt(o.measurements().size());
      for (MeasurementCapture m : o.measurements()) {
        out.writeUTF(m.characteristic());
        out.writeDouble(m.value());
        out.writeBoolean(m.inTolerance());
      }
      out.writeInt(o.signatures().size());
      for (SignatureCapture g : o.signatures()) {
        out.writeUTF(g.meaning());
        out.writeUTF(g.role());
        out.writeUTF(g.signerId());
      }
    }
    out.writeInt(p.installed().size());
    for (InstalledComponent c : p.installed()) {
      out.writeUTF(c.part());
      optionalString(out, c.componentSerial());
      optionalString(out, c.lotId());
      out.writeInt(c.qty());
      out.writeUTF(c.stepId());
      uuid(out, c.eventId());
    }
    out.writeInt(p.deadlines().size());
    for (Deadline d : p.deadlines()) {
      out.writeByte(d.code().ordinal());
      out.writeUTF(d.stepId());
      instant(out, d.due());
    }
    Violations v = s.violations();
    out.writeInt(v.raisedCount());
    out.writeInt(v.open().size());
    for (OpenViolation o : v.open()) {
      uuid(out, o.violationId());
      out.writeByte(o.code().ordinal());
      optionalString(out, o.stepId());
      optionalString(out, o.characteristic());
      out.writeBoolean(o.blocksStep());
      bytes(out, EmbeddedAvro.VIOLATION.write(o.raised()));
    }
    RecordHead h = s.head();
    out.writeLong(h.seq());
    out.writeUTF(h.hash());
    out.writeInt(h.recordedEventIds().size());
    for (UUID e : h.recordedEventIds()) {
      uuid(out, e);
    }
    out.writeUTF(h.lastStation());
    instant(out, h.lastActivity());
    out.writeBoolean(s.claimWait().isPresent());
    if (s.claimWait().isPresent()) {
      ClaimWait w = s.claimWait().get();
      bytes(out, EmbeddedAvro.EVENT.write(w.install()));
      instant(out, w.at());
      out.writeUTF(w.componentSerial());
      instant(out, w.due());
      out.writeInt(w.behind().size());
      for (ClaimWait.ParkedEvent e : w.behind()) {
        bytes(out, EmbeddedAvro.EVENT.write(e.event()));
        instant(out, e.at());
      }
    }
    out.flush();
    return bytes.toByteArray();
  }

  static UnitState read(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte format = in.readByte();
    if (format != FORMAT_V1) {
      throw new IOException("unknown UnitState format " + format);
    }
    Identity id =
        new Identity(
            in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), Optional.empty());
    Lifecycle l =
        new Lifecycle(
            UnitStatus.values()[in.readByte()],
            in.readBoolean(),
            optionalInstant(in),
            in.readBoolean());
    List<CompletedStep> completed = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      completed.add(new CompletedStep(in.readUTF(), instant(in), instant(in)));
    }
    Optional<OpenStep> open = Optional.empty();
    if (in.readBoolean()) {
      String stepId = in.readUTF();
      Instant startedAt = instant(in);
      List<MeasurementCapture> measurements = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        measurements.add(new MeasurementCapture(in.readUTF(), in.readDouble(), in.readBoolean()));
      }
      List<SignatureCapture> signatures = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        signatures.add(new SignatureCapture(in.readUTF(), in.readUTF(), in.readUTF()));
      }
      open = Optional.of(new OpenStep(stepId, startedAt, measurements, signatures));
    }
    List<InstalledComponent> installed = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      installed.add(
          new InstalledComponent(
              in.readUTF(),
              optionalString(in),
              optionalString(in),
              in.readInt(),
              in.readUTF(),
              uuid(in)));
    }
    List<Deadline> deadlines = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      deadlines.add(new Deadline(ViolationCode.values()[in.readByte()], in.readUTF(), instant(in)));
    }
    int raisedCount = in.readInt();
    List<OpenViolation> openViolations = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      openViolations.add(
          new OpenViolation(
              uuid(in),
              ViolationCode.values()[in.readByte()],
              optionalString(in),
              optionalString(in),
              in.readBoolean(),
              EmbeddedAvro.VIOLATION.read(bytes(in))));
    }
    long seq = in.readLong();
    String hash = in.readUTF();
    List<UUID> recorded = new ArrayList<>();
    for (int i = in.readInt(); i > 0; i--) {
      recorded.add(uuid(in));
    }
    RecordHead head = new RecordHead(seq, hash, recorded, in.readUTF(), instant(in));
    Optional<ClaimWait> wait = Optional.empty();
    if (in.readBoolean()) {
      ProductionEvent install = EmbeddedAvro.EVENT.read(bytes(in));
      Instant at = instant(in);
      String component = in.readUTF();
      Instant due = instant(in);
      List<ClaimWait.ParkedEvent> behind = new ArrayList<>();
      for (int i = in.readInt(); i > 0; i--) {
        behind.add(new ClaimWait.ParkedEvent(EmbeddedAvro.EVENT.read(bytes(in)), instant(in)));
      }
      wait = Optional.of(new ClaimWait(install, at, component, due, behind));
    }
    return new UnitState(
        id,
        l,
        new Progress(completed, open, installed, deadlines),
        new Violations(openViolations, raisedCount),
        head,
        wait);
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void optionalInstant(DataOutputStream out, Optional<Instant> t)
      throws IOException {
    out.writeBoolean(t.isPresent());
    if (t.isPresent()) {
      instant(out, t.get());
    }
  }

  private static Optional<Instant> optionalInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(instant(in)) : Optional.empty();
  }

  private static void optionalString(DataOutputStream out, Optional<String> s) throws IOException {
    out.writeBoolean(s.isPresent());
    if (s.isPresent()) {
      out.writeUTF(s.get());
    }
  }

  private static Optional<String> optionalString(DataInputStream in) throws IOException {
    return in.readBoolean() ? Optional.of(in.readUTF()) : Optional.empty();
  }

  private static void uuid(DataOutputStream out, UUID u) throws IOException {
    out.writeLong(u.getMostSignificantBits());
    out.writeLong(u.getLeastSignificantBits());
  }

  private static UUID uuid(DataInputStream in) throws IOException {
    return new UUID(in.readLong(), in.readLong());
  }

  private static void bytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b.length);
    out.write(b);
  }

  private static byte[] bytes(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }
}
