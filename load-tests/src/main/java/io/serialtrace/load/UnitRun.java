package io.serialtrace.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.load.SeedRoutes.Measure;
import io.serialtrace.load.SeedRoutes.Product;
import io.serialtrace.load.SeedRoutes.Scan;
import io.serialtrace.load.SeedRoutes.Signature;
import io.serialtrace.load.SeedRoutes.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One unit built at one plant, step by step as its stations would: a batch per step (start, scans,
 * keyed-in and bench readings) over HTTP, torque readings from the tool over MQTT, then "may I
 * complete?" ({@code StepCompleted} with {@code Prefer: wait}). At most one {@link Fault}.
 */
final class UnitRun {
  /** Seconds a station waits for the gate's answer. */
  static final int WAIT_SECONDS = 5;

  /**
   * How long a station polls the gate for its captures to land (MQTT readings take a hop more); a
   * settling station (the soak's) waits as long as it keeps at a send, since a reading may sit in
   * the broker while ingest or the gate is down.
   */
  private static final Duration CAPTURE_WAIT = Duration.ofSeconds(10);

  /** First pause between two looks at the gate's view; doubled up to {@link #POLL_MAX}. */
  private static final Duration POLL = Duration.ofMillis(100);

  private static final Duration POLL_MAX = Duration.ofSeconds(1);

  /** How far back the late-entry step is typed in: past the routes' 5-minute entry lag. */
  static final Duration LATE_BY = Duration.ofMinutes(6);

  private final Plant plant;
  private final String serial;
  private final Optional<Fault> fault;
  private final Instant deadline;
  private final StationClient client;
  private final SimIdentity identity;
  private final SimStats stats;
  private final Product product;
  private boolean scanSkipped;
  private boolean breachDone;
  private boolean reuseDone;

  /** What the plant shares between its units: lots of the shift, serials, finished subs. */
  interface Plant {
    String id();

    List<String> stations();

    Product product();

    String lot(String part);

    String componentSerial(String part);

    /** A serial of {@code part} some earlier unit already has installed (reused-serial fault). */
    Optional<String> usedSerial(String part);

    /** A finished sub-assembly for the final assembly to install. */
    String subAssembly();

    /** A unit ended; {@code clean} when it carried no fault. */
    void finished(String serial, String status, boolean clean);
  }

  UnitRun(
      Plant plant,
      String serial,
      Optional<Fault> fault,
      Instant deadline,
      StationClient client,
      SimIdentity identity,
      SimStats stats) {
    this.identity = identity;
    this.plant = plant;
    this.serial = serial;
    this.fault = fault;
    this.deadline = deadline;
    this.client = client;
    this.stats = stats;
    this.product = plant.product();
  }

  /** Builds the unit; returns its final gate status (COMPLETED, HOLD, IN_WORK, …). */
  String run() throws Exception {
    Instant lastCompletion = Instant.now();
    for (int i = 0; i < product.steps().size(); i++) {
      Step step = product.steps().get(i);
      String station = plant.stations().get(i % plant.stations().size());
      if (!step.minWaitAfterPrevious().isZero()) {
        Instant earliest = lastCompletion.plus(step.minWaitAfterPrevious()).plusSeconds(2);
        if (earliest.isAfter(deadline)) {
          return "IN_WORK (curing: " + step.stepId() + " may start at " + earliest + ")";
        }
        sleepUntil(earliest);
      }
      if (Instant.now().isAfter(deadline)) {
        return "IN_WORK (run over before " + step.stepId() + ")";
      }
      // The late-entry fault: the first step (and the start) typed in from paper, minutes later.
      Duration back =
          i == 0 && fault.equals(Optional.of(Fault.LATE_ENTRY)) ? LATE_BY : Duration.ZERO;
      if (!doStep(i, step, station, back)) {
        return "IN_WORK (refused at " + step.stepId() + ")";
      }
      lastCompletion = Instant.now().minus(back);
    }
    return finalStatus();
  }

  private boolean doStep(int index, Step step, String station, Duration back) throws Exception {
    String operator = "op-" + plant.id() + "-" + station;
    List<ObjectNode> batch = new ArrayList<>();
    if (index == 0) {
      ObjectNode started = payload("UnitStarted");
      started.put("product", product.productId());
      started.put("workOrder", "WO-" + plant.id() + "-" + serial.hashCode() % 1000);
      batch.add(event(station, operator, "OPERATOR", back, started));
    }
    batch.add(event(station, operator, "OPERATOR", back, stepPayload("StepStarted", step)));
    // The skipped scan: the second part of the first step that scans two (left out once).
    boolean skipHere =
        fault.equals(Optional.of(Fault.SKIPPED_SCAN)) && !scanSkipped && step.scans().size() > 1;
    Optional<ObjectNode> heldBackScan = Optional.empty();
    // The reused serial: the operator first scans a serial an earlier unit still holds.
    Optional<ObjectNode> reusedScan = Optional.empty();
    int reusedAt = 0;
    for (int s = 0; s < step.scans().size(); s++) {
      ObjectNode scan = scan(step, step.scans().get(s));
      if (s == 1 && skipHere) {
        scanSkipped = true;
        heldBackScan = Optional.of(scan);
        continue;
      }
      if (fault.equals(Optional.of(Fault.REUSED_COMPONENT_SERIAL)) && !reuseDone) {
        reusedScan = reused(step.scans().get(s), scan);
        reuseDone = reusedScan.isPresent();
        reusedAt = batch.size();
      }
      batch.add(event(station, operator, "OPERATOR", back, scan));
    }
    if (index == 0 && fault.equals(Optional.of(Fault.WRONG_COMPONENT))) {
      ObjectNode wrong = stepPayload("ComponentScanned", step);
      wrong.put("part", "SCREW-M5x12");
      wrong.put("lotId", plant.lot("SCREW-M5x12"));
      wrong.put("qty", 4);
      batch.add(event(station, operator, "OPERATOR", back, wrong));
    }
    List<Measure> mqttMeasures = new ArrayList<>();
    // The breach: the unit's first torque reading, once.
    boolean breach = fault.equals(Optional.of(Fault.TORQUE_OUT_OF_TOLERANCE)) && !breachDone;
    for (Measure measure : step.measures()) {
      if (measure.isTorque() && back.isZero()) {
        mqttMeasures.add(measure);
      } else {
        batch.add(measurement(station, operator, back, step, measure, measure.nominal()));
      }
    }
    if (reusedScan.isPresent()) {
      // Refused at the station (COMPONENT_REUSED), nothing recorded; then the right part's scan.
      post(batch.subList(0, reusedAt));
      StationClient.Decision refused =
          client.postAndWait(
              event(station, operator, "OPERATOR", back, reusedScan.get()),
              WAIT_SECONDS,
              identity.operator(operator, plant.id()));
      stats.events.increment();
      stats.waited.increment();
      if (!refused.accepted() && !refused.pending()) {
        stats.refused(refused.reasons());
      }
      post(batch.subList(reusedAt, batch.size()));
    } else {
      post(batch);
    }
    if (index == 1 && fault.equals(Optional.of(Fault.DUPLICATE_DELIVERY))) {
      post(batch); // the station's retry after a lost answer: same event ids
    }
    for (Measure measure : mqttMeasures) {
      double value = measure.nominal();
      if (breach) {
        value = measure.usl() + 0.3;
        breach = false;
        breachDone = true;
        publish(step, measure, value);
        awaitMissing(
            step, missing -> missing.stream().anyMatch(m -> m.contains("out of tolerance")));
        Decision refused = complete(step, station, operator, back);
        if (refused.accepted()) {
          return true; // the gate took it: nothing left to do for this step
        }
        value = measure.nominal(); // re-measured after re-seating the screw
      }
      publish(step, measure, value);
    }
    if (heldBackScan.isPresent()) {
      // The operator asks to complete once the tool's readings are in; only the scan is lacking.
      awaitMissing(step, missing -> missing.stream().allMatch(m -> m.startsWith("Scan of part")));
      complete(step, station, operator, back); // refused: the scan is missing
      post(List.of(event(station, operator, "OPERATOR", back, heldBackScan.get())));
    }
    awaitCaptures(step);
    for (Signature signature : step.signatures()) {
      if (signature.role().equals("QUALITY_INSPECTOR")
          && fault.equals(Optional.of(Fault.MISSING_QA_SIGNATURE))) {
        complete(step, station, operator, back); // refused: not signed
      }
      sign(signatureEvent(station, back, step, signature));
    }
    Decision decision = complete(step, station, operator, back);
    if (!decision.accepted()) {
      stats.stopped(serial, step.stepId(), decision.messages());
    }
    return decision.accepted();
  }

  private record Decision(boolean accepted, String messages) {}

  /** "May I complete?": StepCompleted waiting for the gate. */
  private Decision complete(Step step, String station, String operator, Duration back)
      throws Exception {
    ObjectNode event =
        event(station, operator, "OPERATOR", back, stepPayload("StepCompleted", step));
    StationClient.Decision answer =
        client.postAndWait(event, WAIT_SECONDS, identity.operator(operator, plant.id()));
    stats.events.increment();
    stats.waited.increment();
    if (!answer.accepted() && !answer.pending()) {
      stats.refused(answer.reasons());
    }
    return new Decision(
        answer.accepted(),
        answer.pending() ? "no answer within the wait" : answer.body().path("messages").toString());
  }

  /** Polls the gate until nothing but signatures (if the step takes some) is missing. */
  private void awaitCaptures(Step step) throws Exception {
    boolean signs = !step.signatures().isEmpty();
    awaitMissing(
        step,
        missing -> missing.stream().allMatch(m -> signs && m.toLowerCase().contains("signature")));
  }

  /** Polls the gate's "still missing" list of the open step until it matches (bounded). */
  private void awaitMissing(Step step, java.util.function.Predicate<List<String>> done)
      throws Exception {
    Duration wait =
        client.settleWithin().compareTo(CAPTURE_WAIT) > 0 ? client.settleWithin() : CAPTURE_WAIT;
    Instant until = Instant.now().plus(wait);
    Duration pause = POLL;
    while (Instant.now().isBefore(until)) {
      Optional<JsonNode> state = gateView();
      // A stale view (the step's start not applied yet) says nothing about this step.
      if (state.isPresent() && state.get().path("currentStep").asText().equals(step.stepId())) {
        List<String> missing = new ArrayList<>();
        state.get().path("stillMissing").forEach(m -> missing.add(m.asText()));
        if (done.test(missing)) {
          return;
        }
      }
      Thread.sleep(pause);
      pause = pause.multipliedBy(2).compareTo(POLL_MAX) > 0 ? POLL_MAX : pause.multipliedBy(2);
    }
  }

  /** The gate's view of this unit, as the plant's station screen asks for it. */
  private Optional<JsonNode> gateView() throws Exception {
    return client.state(serial, identity.station(plant.id()));
  }

  private String finalStatus() throws Exception {
    Optional<JsonNode> state = gateView();
    String status = state.map(s -> s.path("status").asText()).orElse("UNKNOWN");
    state.ifPresent(
        s -> s.path("openViolations").forEach(v -> stats.violation(v.path("code").asText())));
    plant.finished(serial, status, fault.isEmpty());
    return status;
  }

  /**
   * Posts a step's events, each actor's with its own token (ingest accepts an event only from the
   * principal it names): the operator's first, then each device's, in the order they appear.
   */
  private void post(List<ObjectNode> events) throws Exception {
    Map<String, List<ObjectNode>> byActor = new LinkedHashMap<>();
    for (ObjectNode event : events) {
      byActor.computeIfAbsent(event.path("actor").asText(), a -> new ArrayList<>()).add(event);
    }
    for (List<ObjectNode> own : byActor.values()) {
      ObjectNode first = own.getFirst();
      String actor = first.path("actor").asText();
      String token =
          first.path("actorType").asText().equals("DEVICE")
              ? identity.device(actor, plant.id())
              : identity.operator(actor, plant.id());
      client.post(own, token);
      stats.events.add(own.size());
    }
  }

  /** A signature, alone, with a signing token the signer got by re-authenticating just now. */
  private void sign(ObjectNode event) throws Exception {
    ObjectNode payload = (ObjectNode) event.path("payload");
    String signer = payload.path("signerId").asText();
    boolean quality = payload.path("signerRole").asText().equals("QUALITY_INSPECTOR");
    // Each send with a token minted now: a resend after a long outage re-authenticates the signer.
    client.post(
        List.of(event),
        () -> identity.signing(signer, payload.path("signerName").asText(), plant.id(), quality));
    stats.events.increment();
  }

  private void publish(Step step, Measure measure, double value) throws Exception {
    ObjectNode reading = StationClient.JSON.createObjectNode();
    reading.put("eventId", UUID.randomUUID().toString());
    reading.put("serial", serial);
    reading.put("eventTime", Instant.now().toString());
    ObjectNode payload = reading.putObject("payload");
    payload.put("stepId", step.stepId());
    payload.put("characteristic", measure.characteristic());
    payload.put("value", round(value));
    payload.put("unit", measure.unit());
    payload.put("calibrationDue", calibrationDue());
    client.publishReading(plant.id(), measure.device().orElseThrow(), reading);
    stats.events.increment();
    stats.mqttReadings.increment();
  }

  /** The scan {@code right} with a serial of its part an earlier unit holds, if there is one. */
  private Optional<ObjectNode> reused(Scan scan, ObjectNode right) {
    if (!scan.serialized() || scan.part().equals("IP-200-SUB")) {
      return Optional.empty();
    }
    return plant
        .usedSerial(scan.part())
        .map(
            used -> {
              ObjectNode payload = right.deepCopy();
              payload.put("componentSerial", used);
              return payload;
            });
  }

  private ObjectNode scan(Step step, Scan scan) {
    ObjectNode payload = stepPayload("ComponentScanned", step);
    payload.put("part", scan.part());
    if (scan.serialized()) {
      String componentSerial =
          scan.part().equals("IP-200-SUB")
              ? plant.subAssembly()
              : plant.componentSerial(scan.part());
      payload.put("componentSerial", componentSerial);
    } else {
      payload.put("lotId", plant.lot(scan.part()));
    }
    payload.put("qty", scan.qty());
    return payload;
  }

  private ObjectNode measurement(
      String station, String operator, Duration back, Step step, Measure measure, double value) {
    ObjectNode payload = stepPayload("MeasurementRecorded", step);
    payload.put("characteristic", measure.characteristic());
    payload.put("value", round(value));
    payload.put("unit", measure.unit());
    if (measure.device().isPresent()) {
      String device = measure.device().get();
      payload.put("deviceId", device);
      payload.put("calibrationDue", calibrationDue());
      // A device reports from the station it works at (ingest checks it against the plant floor).
      return event(
          SimIdentity.stationOf(plant.id(), device).orElse(station),
          device,
          "DEVICE",
          back,
          payload);
    }
    return event(station, operator, "OPERATOR", back, payload);
  }

  private ObjectNode signatureEvent(String station, Duration back, Step step, Signature signature)
      throws Exception {
    String head = gateView().map(s -> s.path("recordHead").asText()).orElse("0".repeat(64));
    String signer = (signature.role().equals("QUALITY_INSPECTOR") ? "qa-" : "tt-") + plant.id();
    ObjectNode payload = stepPayload("SignatureApplied", step);
    payload.put("signerId", signer);
    payload.put(
        "signerName", signature.role().equals("QUALITY_INSPECTOR") ? "Dana Weber" : "Sam Okafor");
    payload.put("meaning", signature.meaning());
    payload.put("signerRole", signature.role());
    payload.put("signedRecordHash", head);
    // Re-authenticated against the identity provider for this signature (the signing token).
    payload.put("authMethod", "SSO");
    return event(station, signer, "OPERATOR", back, payload);
  }

  private ObjectNode stepPayload(String type, Step step) {
    ObjectNode payload = payload(type);
    payload.put("stepId", step.stepId());
    return payload;
  }

  private static ObjectNode payload(String type) {
    ObjectNode payload = StationClient.JSON.createObjectNode();
    payload.put("type", type);
    return payload;
  }

  private ObjectNode event(
      String station, String actor, String actorType, Duration back, ObjectNode payload) {
    ObjectNode event = StationClient.JSON.createObjectNode();
    event.put("eventId", UUID.randomUUID().toString());
    event.put("serial", serial);
    event.put("plant", plant.id());
    event.put("station", station);
    event.put("actor", actor);
    event.put("actorType", actorType);
    event.put("eventTime", Instant.now().minus(back).toString());
    event.set("payload", payload);
    return event;
  }

  private static String calibrationDue() {
    return Instant.now()
        .plus(Duration.ofDays(180))
        .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
        .toString();
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }

  private static void sleepUntil(Instant instant) throws InterruptedException {
    long millis = Duration.between(Instant.now(), instant).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
