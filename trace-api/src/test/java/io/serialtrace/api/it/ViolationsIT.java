package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The violation list: filters, latest state, keyset pages, and 400s naming the parameter. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ViolationsIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String PLANT = "PV-" + RUN;
  static final Instant T0 = Instant.parse("2026-03-06T10:00:00Z");
  static final List<String> IDS = new ArrayList<>();

  @BeforeAll
  static void load(StackEndpoints stack) {
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    List<Map<String, Object>> rows = new ArrayList<>();
    // 1. Five violations a minute apart: 0, 2, 4 at ST-A; 1, 3 LATE_ENTRY at ST-B.
    for (int i = 0; i < 5; i++) {
      String id = UUID.randomUUID().toString();
      IDS.add(id);
      rows.add(
          Rows.violation(
              id,
              "U-" + RUN + "-" + i,
              PLANT,
              i % 2 == 0 ? "ST-A" : "ST-B",
              i % 2 == 0 ? "STEP_OUT_OF_ORDER" : "LATE_ENTRY",
              T0.plusSeconds(60L * i),
              null,
              null,
              null,
              null,
              null,
              null,
              null));
    }
    // 2. Violation 0 dispositioned later (a second row, version 1).
    rows.add(
        Rows.violation(
            IDS.get(0),
            "U-" + RUN + "-0",
            PLANT,
            "ST-A",
            "STEP_OUT_OF_ORDER",
            T0,
            null,
            null,
            null,
            null,
            null,
            null,
            Rows.disposition(
                "REWORK",
                "q2",
                "Sam Quality",
                "redo step",
                T0.plusSeconds(900),
                UUID.randomUUID().toString())));
    db.insert("violations", rows);

    // 3. In plant PN: unit N in work with one open notice and one acknowledged notice; unit H in
    //    work with an open LATE_ENTRY (holding) and an open notice.
    db.insert(
        "units",
        List.of(
            Rows.unit(NOTICES_ONLY, NOTICE_PLANT, "PUMP", "IN_WORK", T0, "", 0),
            Rows.unit(HELD, NOTICE_PLANT, "PUMP", "IN_WORK", T0, "", 0)));
    Map<String, Object> signature =
        notice(UUID.randomUUID().toString(), NOTICES_ONLY, "SIGNATURE_INVALID", 1);
    db.insert(
        "violations",
        List.of(
            notice(UUID.randomUUID().toString(), NOTICES_ONLY, "DUPLICATE_SERIAL", 0),
            signature,
            Rows.acknowledged(signature, "Ada Reviewer", "REVIEWED", T0.plusSeconds(600)),
            notice(UUID.randomUUID().toString(), HELD, "LATE_ENTRY", 2),
            notice(UUID.randomUUID().toString(), HELD, "STEP_OUT_OF_ORDER", 3)));
  }

  static final String NOTICE_PLANT = "PN-" + RUN;
  static final String NOTICES_ONLY = "N-" + RUN;
  static final String HELD = "H-" + RUN;

  private static Map<String, Object> notice(String id, String serial, String code, int minute) {
    return Rows.violation(
        id,
        serial,
        NOTICE_PLANT,
        "ST-N",
        code,
        T0.plusSeconds(60L * minute),
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void noticesNeverHoldAUnitAndAreListedApartFromItsOpenViolations() {
    // 1. Only notices open: in work, no open violation, the unacknowledged notice listed apart.
    Tokens.quality(NOTICE_PLANT)
        .get("/v1/units/{serial}", NOTICES_ONLY)
        .then()
        .statusCode(200)
        .body("state", equalTo("IN_WORK"))
        .body("openViolationCount", equalTo(0))
        .body("openNoticeCount", equalTo(1))
        .body("openNotices[0].code", equalTo("DUPLICATE_SERIAL"));
    // 2. A holding violation open: on hold, counted once; its notice still apart.
    Tokens.quality(NOTICE_PLANT)
        .get("/v1/units/{serial}", HELD)
        .then()
        .statusCode(200)
        .body("state", equalTo("ON_HOLD"))
        .body("openViolationCount", equalTo(1))
        .body("openViolations[0].code", equalTo("LATE_ENTRY"))
        .body("openNoticeCount", equalTo(1));
  }

  @Test
  void anAcknowledgedNoticeReadsAsEndedWithItsSignature() {
    JsonPath acknowledged =
        Tokens.quality(NOTICE_PLANT)
            .get("/v1/violations?plant={p}&status=ACKNOWLEDGED", NOTICE_PLANT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(acknowledged.getList("items.code", String.class))
        .containsExactly("SIGNATURE_INVALID");
    assertThat(acknowledged.getString("items[0].acknowledgement.signerName"))
        .isEqualTo("Ada Reviewer");
    assertThat(acknowledged.getString("items[0].acknowledgement.meaning")).isEqualTo("REVIEWED");
    assertThat(acknowledged.getString("items[0].endedAt")).isNotNull();
    Tokens.quality(NOTICE_PLANT)
        .get("/v1/violations?plant={p}&status=OPEN&code=SIGNATURE_INVALID", NOTICE_PLANT)
        .then()
        .statusCode(200)
        .body("items", org.hamcrest.Matchers.empty());
  }

  @Test
  void listsLatestStateNewestFirstWithFilters() {
    JsonPath all =
        Tokens.quality(PLANT)
            .get("/v1/violations?plant={p}", PLANT)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath();
    assertThat(all.getList("items.violationId", String.class))
        .containsExactly(IDS.get(4), IDS.get(3), IDS.get(2), IDS.get(1), IDS.get(0));
    assertThat(all.getString("items[4].status")).isEqualTo("DISPOSITIONED");
    assertThat(all.getString("items[4].disposition.signerName")).isEqualTo("Sam Quality");
    Tokens.quality(PLANT)
        .get("/v1/violations?plant={p}&station=ST-B&code=late_entry", PLANT)
        .then()
        .statusCode(200)
        .body("items.violationId", equalTo(List.of(IDS.get(3), IDS.get(1))));
    Tokens.quality(PLANT)
        .get("/v1/violations?plant={p}&status=OPEN&station=ST-A", PLANT)
        .then()
        .statusCode(200)
        .body("items.violationId", equalTo(List.of(IDS.get(4), IDS.get(2))));
    Tokens.quality(PLANT)
        .get(
            "/v1/violations?plant={p}&from={f}&to={t}",
            PLANT,
            T0.plusSeconds(60).toString(),
            T0.plusSeconds(180).toString())
        .then()
        .statusCode(200)
        .body("items.violationId", equalTo(List.of(IDS.get(2), IDS.get(1))));
  }

  @Test
  void cursorPagesThroughEveryViolationOnce() {
    List<String> seen = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 10; page++) {
      JsonPath body =
          Tokens.quality(PLANT)
              .queryParam("plant", PLANT)
              .queryParam("limit", 2)
              .queryParams(cursor == null ? Map.of() : Map.of("cursor", cursor))
              .get("/v1/violations")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath();
      seen.addAll(body.getList("items.violationId", String.class));
      cursor = body.getString("nextCursor");
      if (cursor == null) {
        break;
      }
    }
    assertThat(seen).containsExactly(IDS.get(4), IDS.get(3), IDS.get(2), IDS.get(1), IDS.get(0));
  }

  @Test
  void badParametersAre400NamingTheParameter() {
    Tokens.quality(PLANT)
        .get("/v1/violations?code=NOT_A_CODE")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("parameter", equalTo("code"));
    Tokens.quality(PLANT)
        .get("/v1/violations?status=CLOSED")
        .then()
        .statusCode(400)
        .body("parameter", equalTo("status"));
    Tokens.quality(PLANT)
        .get("/v1/violations?from=yesterday")
        .then()
        .statusCode(400)
        .body("parameter", equalTo("from"));
    Tokens.quality(PLANT)
        .get("/v1/violations?limit=100000")
        .then()
        .statusCode(400)
        .body("parameter", equalTo("limit"));
    Tokens.quality(PLANT)
        .get("/v1/violations?cursor=garbage!")
        .then()
        .statusCode(400)
        .body("parameter", equalTo("cursor"));
  }
}
