package io.serialtrace.api.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The record of a unit with a tolerance breach, its signed disposition and a correction, as JSON
 * and as the printable page; a broken chain is reported where it breaks; unknown units are 404.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UnitRecordIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String UNIT = "PUMP-" + RUN;
  static final String BROKEN = "PUMP-BROKEN-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-02T07:00:00Z");
  static final String BREACH = UUID.randomUUID().toString();
  static final String LATE = UUID.randomUUID().toString();
  static String scanEventId;
  static String measurementEventId;

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    // 1. A unit whose torque is out of tolerance, dispositioned, with a corrected scan.
    Rows.RecordBuilder record = new Rows.RecordBuilder(UNIT, "P1");
    record.add(
        "UnitStarted",
        null,
        "ST-10",
        "op1",
        T0,
        T0.plusMillis(200),
        "{\"product\": \"PUMP\", \"workOrder\": \"WO-1\"}");
    record.add(
        "StepStarted",
        "torque",
        "ST-10",
        "op1",
        T0.plusSeconds(60),
        T0.plusSeconds(61),
        "{\"stepId\": \"torque\"}");
    scanEventId =
        record.add(
            "ComponentScanned",
            "torque",
            "ST-10",
            "op1",
            T0.plusSeconds(90),
            T0.plusSeconds(91),
            "{\"stepId\": \"torque\", \"part\": \"MOTOR\", \"componentSerial\":"
                + " \"M-1\", \"lotId\": null, \"qty\": 1}");
    measurementEventId =
        record.add(
            "MeasurementRecorded",
            "torque",
            "ST-10",
            "dev-7",
            T0.plusSeconds(120),
            T0.plusSeconds(120),
            "{\"stepId\": \"torque\", \"characteristic\":"
                + " \"torque\", \"value\": 14.2, \"unit\": \"Nm\", \"deviceId\": \"dev-7\","
                + " \"calibrationDue\": \"2027-01-01T00:00:00Z\"}");
    String dispositionEvent =
        record.add(
            "Disposition",
            null,
            "QA-1",
            "q1",
            T0.plusSeconds(600),
            T0.plusSeconds(601),
            "{\"violationId\": \""
                + BREACH
                + "\", \"decision\": \"USE_AS_IS\","
                + " \"signerId\": \"q1\", \"signerName\": \"Dana Reviewer\", \"signerRole\": \"QA\","
                + " \"signedRecordHash\": \"x\", \"authMethod\": \"PASSWORD\", \"reason\":"
                + " \"within design margin\"}");
    record.add(
        "Correction",
        null,
        "ST-10",
        "op1",
        T0.plusSeconds(700),
        T0.plusSeconds(701),
        "{\"correctsEventId\": \""
            + scanEventId
            + "\", \"reason\": \"mis-scan\","
            + " \"correctedField\": \"componentSerial\", \"replacementValue\": null,"
            + " \"replacementText\": \"M-2\"}");
    record.add(
        "SignatureApplied",
        "torque",
        "ST-10",
        "op1",
        T0.plusSeconds(800),
        T0.plusSeconds(801),
        "{\"stepId\": \"torque\", \"signerId\": \"op1\", \"signerName\":"
            + " \"Alex Operator\", \"signerRole\": \"OPERATOR\", \"meaning\": \"PERFORMED_BY\","
            + " \"signedRecordHash\": \"y\", \"authMethod\": \"BADGE_AND_PIN\"}");
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
    Rows.RecordBuilder broken = new Rows.RecordBuilder(BROKEN, "P1");
    for (int i = 0; i < 4; i++) {
      broken.add(
          "StepStarted",
          "s" + i,
          "ST-10",
          "op1",
          T0.plusSeconds(i),
          T0.plusSeconds(i),
          "{\"stepId\": \"s" + i + "\"}");
    }
    db.insert(
        "unit_records", List.of(broken.rows().get(0), broken.rows().get(1), broken.rows().get(3)));
  }

  @Test
  void unitShowsItsOpenViolationAndIsOnHold() {
    // 1. The open LATE_ENTRY holds the unit; the dispositioned breach does not count.
    given()
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
        given()
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
    // 4. The chain check passes and says what it covers.
    assertThat(record.getBoolean("chain.intact")).isTrue();
    assertThat(record.getInt("chain.records")).isEqualTo(7);
    assertThat(record.getString("chain.covers")).contains("Not checked");
  }

  @Test
  void printablePageShowsSignaturesLimitsDispositionAndCorrection() {
    // 1. Ask for the page as a browser does.
    String page =
        given()
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
            "limits 10.0 .. 12.0",
            "Dana Reviewer",
            "USE_AS_IS",
            "Corrects entry 3",
            "Corrected by entry [6]");
  }

  @Test
  void brokenChainIsReportedAtTheMissingSeq() {
    given()
        .accept("application/json")
        .get("/v1/units/{serial}/record", BROKEN)
        .then()
        .statusCode(200)
        .body("chain.intact", equalTo(false))
        .body("chain.brokenAtSeq", equalTo(4))
        .body("chain.reason", containsString("expected seq 3"));
  }

  @Test
  void unknownUnitIsProblem404() {
    given()
        .get("/v1/units/{serial}", "NO-SUCH-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown unit"))
        .body("status", equalTo(404));
    given()
        .accept("application/json")
        .get("/v1/units/{serial}/record", "NO-SUCH-" + RUN)
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
  }
}
