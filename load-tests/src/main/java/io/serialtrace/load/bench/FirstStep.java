package io.serialtrace.load.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.load.SimIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark's unit of work: a unit of IP-200-FINAL (seeded route, plant P2, station FA-100)
 * through its first step, as four events a station sends — UnitStarted, StepStarted, the housing's
 * ComponentScanned and StepCompleted. Every event is accepted by the gate in that order, and the
 * scan is a genealogy edge, so the sink writes unit records and an edge for it.
 */
final class FirstStep {
  private FirstStep() {}

  static List<ObjectNode> events(String serial) {
    return List.of(
        event(
            serial,
            Map.of(
                "type",
                "UnitStarted",
                "product",
                BenchHarness.ROUTED_PRODUCT,
                "workOrder",
                "WO-BENCH")),
        event(serial, Map.of("type", "StepStarted", "stepId", "10-HOUSING")),
        event(
            serial,
            Map.of(
                "type", "ComponentScanned",
                "stepId", "10-HOUSING",
                "part", "HSG-200-REAR",
                "componentSerial", "HSG-" + serial)),
        event(serial, Map.of("type", "StepCompleted", "stepId", "10-HOUSING")));
  }

  /** Whether an event of {@link #events} is the installation of a serialized component. */
  static boolean isInstall(ObjectNode event) {
    return event.path("payload").has("componentSerial");
  }

  /** Every event is the work of this operator of this plant: ingest binds actor to the token. */
  static final String OPERATOR = "op-bench";

  static final String PLANT = "P2";

  /** The operator's bearer token, as ingest demands it for these events. */
  static String token(SimIdentity identity) {
    return identity.operator(OPERATOR, PLANT);
  }

  private static ObjectNode event(String serial, Map<String, String> payload) {
    ObjectNode event = JsonNodeFactory.instance.objectNode();
    event.put("eventId", UUID.randomUUID().toString());
    event.put("serial", serial);
    event.put("plant", PLANT);
    event.put("station", "FA-100");
    event.put("actor", OPERATOR);
    event.put("actorType", "OPERATOR");
    event.put("eventTime", Instant.now().toString());
    ObjectNode body = event.putObject("payload");
    payload.forEach(body::put);
    if (payload.containsKey("componentSerial")) {
      body.put("qty", 1);
    }
    return event;
  }
}
