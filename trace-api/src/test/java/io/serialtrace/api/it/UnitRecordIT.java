package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.schemas.AuthMethod;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The record of a unit with a tolerance breach, its signed disposition and a correction, as JSON
 * and as the printable page; every record's hash is recomputed from its stored content, and a
 * broken chain or a tampered row is reported at its seq; unknown units are 404.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnitRecordIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String UNIT = "PUMP-" + RUN;
  static final String BROKEN = "PUMP-BROKEN-" + RUN;
  static final String EDITED_COLUMN = "PUMP-EDITED-" + RUN;
  static final String FLIPPED_BYTE = "PUMP-FLIPPED-" + RUN;
  static final String LEGACY = "PUMP-LEGACY-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  static final String BREACH = UUID.randomUUID().toString();
  static final String LATE = UUID.randomUUID().toString();
  static String scanEventId;
  static String measurementEventId;

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // 1. A unit whose torque is out of tolerance, dispositioned, with a corrected scan: real
    //    events, hashed with the gate's recipe and stored with their bytes as the sink does.
    Rows.RecordBuilder record = new Rows.RecordBuilder(UNIT, "P1");
    record.event(
        "ST-10",
        "op1",
        T0,
        T0.plusMillis(200),
        UnitStarted.newBuilder().setProduct("PUMP").setWorkOrder("WO-1").build());
    record.event(
        "ST-10",
        "op1",
        T0.plusSeconds(60),
        T0.plusSeconds(61),
        StepStarted.newBuilder().setStepId("torque").build());
    scanEventId =
        record.event(
            "ST-10",
            "op1",
            T0.plusSeconds(90),
            T0.plusSeconds(91),
            ComponentScanned.newBuilder()
                .setStepId("torque")
                .setPart("MOTOR")
                .setComponentSerial("M-1")
                .setQty(1)
                .build());
    measurementEventId =
        record.event(
            "ST-10",
            "dev-7",
            T0.plusSeconds(120),
            T0.plusSeconds(120),
            MeasurementRecorded.newBuilder()
                .setStepId("torque")
                .setCharacteristic("torque")
                .setValue(14.2)
                .setUnit("Nm")
                .setDeviceId("dev-7")
                .setCalibrationDue(Instant.parse("2027-01-01T00:00:00Z"))
                .build());
    String dispositionEvent =
        record.event(
            "QA-1",
            "q1",
            T0.plusSeconds(600),
            T0.plusSeconds(601),
            Disposition.newBuilder()
                .setViolationId(UUID.fromString(BREACH))
                .setDecision(DispositionDecision.USE_AS_IS)
                .setSignerId("q1")
                .setSignerName("Dana Reviewer")
                .setSignerRole("QA")
                .setSignedRecordHash("x")
                .setAuthMethod(AuthMethod.PASSWORD)
                .setReason("within design margin")
                .build());
    record.event(
        "ST-10",
        "op1",
        T0.plusSeconds(700),
        T0.plusSeconds(701),
        Correction.newBuilder()
            .setCorrectsEventId(UUID.fromString(scanEventId))
            .setReason("mis-scan")
            .setCorrectedField("componentSerial")
            .setReplacementText("M-2")
            .build());
    record.event(
        "ST-10",
        "op1",
        T0.plusSeconds(800),
        T0.plusSeconds(801),
        SignatureApplied.newBuilder()
            .setStepId("torque")
            .setSignerId("op1")
            .setSignerName("Alex Operator")
            .setSignerRole("OPERATOR")
            .setMeaning("PERFORMED_BY")
            .setSignedRecordHash("y")
            .setAuthMethod(AuthMethod.BADGE_AND_PIN)
            .build());
    db.insert("unit_records", record.rows());
    db.insert("units", List.of(Rows.unit(UNIT, "P1", "PUMP", "IN_WORK", T0, record.head(), 1)));
    db.insert(
        "violations",
        List.of(
            Rows.violation(
                BREACH,
                UNIT,
                "P1",
                "ST-10",
                "TOLERANCE_BREACH",
                T0.plusSeconds(121),
                measurementEventId,
                T0.plusSeconds(120),
                T0.plusSeconds(120),
                14.2,
                10.0,
                12.0,
                null),
            Rows.violation(
                BREACH,
                UNIT,
                "P1",
                "ST-10",
                "TOLERANCE_BREACH",
                T0.plusSeconds(121),
                measurementEventId,
                T0.plusSeconds(120),
                T0.plusSeconds(120),
                14.2,
                10.0,
                12.0,
                Rows.disposition(
                    "USE_AS_IS",
                    "q1",
                    "Dana Reviewer",
                    "within design margin",
                    T0.plusSeconds(600),
                    dispositionEvent)),
            Rows.violation(
                LATE,
                UNIT,
                "P1",
                "ST-10",
                "LATE_ENTRY",
                T0.plusSeconds(801),
                null,
                T0.plusSeconds(800),
                T0.plusSeconds(801),
                null,
                null,
                null,
                null)));

    // 2. A unit whose record lost seq 3.
    Rows.RecordBuilder broken = Rows.RecordBuilder.fourSteps(BROKEN, T0);
    db.insert(
        "unit_records", List.of(broken.rows().get(0), broken.rows().get(1), broken.rows().get(3)));

    // 3. Tampering after storage, edited in place by the owner: seq 3's station, hashes and bytes
    //    left alone; seq 2's event bytes with one bit flipped. (A second row inserted for a seq
    //    is InsertedRecordCopyIT's concern.)
    Rows.RecordBuilder edited = Rows.RecordBuilder.fourSteps(EDITED_COLUMN, T0);
    db.insert("unit_records", edited.rows());
    db.update("unit_records", "station = 'ST-FORGED'", EDITED_COLUMN, 3);
    Rows.RecordBuilder flipped = Rows.RecordBuilder.fourSteps(FLIPPED_BYTE, T0);
    db.insert("unit_records", flipped.rows());
    byte[] bytes = ((byte[]) flipped.rows().get(1).get("event_avro")).clone();
    bytes[bytes.length / 2] ^= 1;
    db.update(
        "unit_records",
        "event_avro = unhex('" + HexFormat.of().formatHex(bytes) + "')",
        FLIPPED_BYTE,
        2);

    // 4. A unit stored before sink migration V003: no event bytes, linkage only.
    Rows.RecordBuilder legacy = new Rows.RecordBuilder(LEGACY, "P1");
    legacy.add("StepStarted", "s0", "ST-10", "op1", T0, T0, "{\"stepId\": \"s0\"}");
    legacy.add("StepStarted", "s1", "ST-10", "op1", T0, T0, "{\"stepId\": \"s1\"}");
    db.insert("unit_records", legacy.rows());
  }

  @Test
  void unitShowsItsOpenViolationAndIsOnHold() {
    // 1. The open LATE_ENTRY holds the unit; the dispositioned breach does not count.
    Tokens.quality("P1")
        .get("/v1/units/{serial}", UNIT)
        .then()
        .statusCode(200)
        .body("serial", equalTo(UNIT))
        .body("state", equalTo("ON_HOLD"))
        .body("storedStatus", equalTo("IN_WORK"))
        .body("product", equalTo("PUMP"))
        .body("recordCount", equalTo(7))
        .body("openViolationCount", equalTo(1))
        .body("openViolations[0].code", equalTo("LATE_ENTRY"));
  }

  @Test
  void recordListsEntriesInOrderWithCorrectionDispositionAndIntactChain() {
    // 1. Fetch the record as JSON.
    JsonPath record =
        Tokens.quality("P1")
            .accept("application/json")
            .get("/v1/units/{serial}/record", UNIT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    // 2. Execution order, the correction beside its original, the breach on its measurement.
    assertThat(record.getList("entries.seq", Integer.class)).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(record.getList("entries[2].correctedBy", Integer.class)).containsExactly(6);
    assertThat(record.getInt("entries[5].corrects")).isEqualTo(3);
    assertThat(record.getList("entries[3].violationIds", String.class)).containsExactly(BREACH);
    assertThat(record.getDouble("entries[3].payload.value")).isEqualTo(14.2);
    assertThat(record.getString("entries[6].payload.signerName")).isEqualTo("Alex Operator");
    // 3. The breach in its latest state, with the signed disposition.
    List<String> codes = record.getList("violations.code", String.class);
    assertThat(codes).containsExactlyInAnyOrder("TOLERANCE_BREACH", "LATE_ENTRY");
    int breach = codes.indexOf("TOLERANCE_BREACH");
    assertThat(record.getString("violations[" + breach + "].status")).isEqualTo("DISPOSITIONED");
    assertThat(record.getString("violations[" + breach + "].disposition.signerName"))
        .isEqualTo("Dana Reviewer");
    assertThat(record.getDouble("violations[" + breach + "].usl")).isEqualTo(12.0);
    // 4. The chain check passes, every hash recomputed from the stored content.
    assertThat(record.getBoolean("chain.intact")).isTrue();
    assertThat(record.getInt("chain.records")).isEqualTo(7);
    assertThat(record.getInt("chain.contentVerified")).isEqualTo(7);
    assertThat(record.getBoolean("chain.fullyVerified")).isTrue();
    assertThat(record.getList("entries.contentCheck", String.class))
        .containsOnly("MATCHES")
        .hasSize(7);
    assertThat(record.getString("chain.covers")).contains("recomputed", "event_avro");
  }

  @Test
  void printablePageShowsSignaturesLimitsDispositionAndCorrection() {
    // 1. Ask for the page as a browser does.
    String page =
        Tokens.quality("P1")
            .accept("text/html")
            .get("/v1/units/{serial}/record", UNIT)
            .then()
            .statusCode(200)
            .contentType(containsString("text/html"))
            .extract()
            .asString();
    // 2. Printed name, meaning, limits, disposition and correction are on it.
    assertThat(page)
        .contains(
            "Alex Operator",
            "PERFORMED_BY",
            "Hash chain intact",
            "content recomputed for 7, fully verified",
            "content MATCHES",
            "limits 10.0 .. 12.0",
            "Dana Reviewer",
            "USE_AS_IS",
            "Corrects entry 3",
            "Corrected by entry [6]");
  }

  @Test
  void brokenChainIsReportedAtTheMissingSeq() {
    Tokens.quality("P1")
        .accept("application/json")
        .get("/v1/units/{serial}/record", BROKEN)
        .then()
        .statusCode(200)
        .body("chain.intact", equalTo(false))
        .body("chain.brokenAtSeq", equalTo(4))
        .body("chain.reason", containsString("expected seq 3"));
  }

  @Test
  void anEditedColumnIsDetectedAndNamedAtItsSeq() {
    // 1. seq 3's station was changed in the table; its hashes and bytes were not.
    JsonPath record =
        Tokens.quality("P1")
            .accept("application/json")
            .get("/v1/units/{serial}/record", EDITED_COLUMN)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();

    // 2. The chain breaks at 3 naming the column; that entry alone is MISMATCH.
    assertThat(record.getBoolean("chain.intact")).isFalse();
    assertThat(record.getInt("chain.brokenAtSeq")).isEqualTo(3);
    assertThat(record.getString("chain.reason"))
        .contains("tampered", "column station", "ST-FORGED", "ST-10");
    assertThat(record.getList("entries.contentCheck", String.class))
        .containsExactly("MATCHES", "MATCHES", "MISMATCH", "MATCHES");
    assertThat(record.getString("entries[2].contentProblem")).contains("column station");
  }

  @Test
  void aFlippedBitInTheStoredEventBytesIsDetectedAtItsSeq() {
    Tokens.quality("P1")
        .accept("application/json")
        .get("/v1/units/{serial}/record", FLIPPED_BYTE)
        .then()
        .statusCode(200)
        .body("chain.intact", equalTo(false))
        .body("chain.fullyVerified", equalTo(false))
        .body("chain.brokenAtSeq", equalTo(2))
        .body("chain.reason", containsString("recordHash is not the SHA-256"))
        .body("entries[1].contentCheck", equalTo("MISMATCH"))
        .body("entries[0].contentCheck", equalTo("MATCHES"));
  }

  @Test
  void rowsWithoutEventBytesAreCheckedForLinkageOnly() {
    Tokens.quality("P1")
        .accept("application/json")
        .get("/v1/units/{serial}/record", LEGACY)
        .then()
        .statusCode(200)
        .body("chain.intact", equalTo(true))
        .body("chain.contentVerified", equalTo(0))
        .body("chain.fullyVerified", equalTo(false))
        .body("entries[0].contentCheck", equalTo("NOT_STORED"));
  }

  @Test
  void unknownUnitIsProblem404() {
    Tokens.quality("P1")
        .get("/v1/units/{serial}", "NO-SUCH-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown unit"))
        .body("status", equalTo(404));
    Tokens.quality("P1")
        .accept("application/json")
        .get("/v1/units/{serial}/record", "NO-SUCH-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
