package io.serialtrace.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@code ./trace demo} prints after the run: real answers of trace-api (ClickHouse, filled by
 * the sink) for a completed unit of this run: its record summary, its backward trace, and the
 * recall scope of a lot it used. Nothing here is canned: a query that fails is printed as failed.
 */
final class DemoReport {
  /** The sink writes within a second or so; a busy small machine gets more. */
  private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

  private final String apiUrl;
  private final String ingestUrl;
  private final SimIdentity identity;
  private final URI mqttUrl;
  private final String token;
  private final PrintStream out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Reads trace-api with the identity's reader token (quality, auditor, admin; P1..P4). */
  DemoReport(String apiUrl, String ingestUrl, URI mqttUrl, SimIdentity identity, PrintStream out) {
    this.mqttUrl = mqttUrl;
    this.identity = identity;
    this.token = identity.reader();
    this.apiUrl = apiUrl;
    this.ingestUrl = ingestUrl;
    this.out = out;
  }

  void print(List<String> completedFinals, SimStats stats) throws Exception {
    out.println();
    if (completedFinals.isEmpty()) {
      out.println(
          "No final assembly completed in this run (see the counters above): no trace to show.");
    } else {
      String serial = completedFinals.getFirst();
      Optional<JsonNode> unit = awaitCompleted(serial);
      if (unit.isEmpty()) {
        out.println("trace-api did not show " + serial + " as COMPLETED within " + VISIBLE_WITHIN);
      } else {
        printUnit(unit.get());
        Optional<String> lot = printTrace(serial);
        if (lot.isPresent()) {
          printRecall(lot.get());
        }
      }
    }
    out.println();
    out.println("== Where to look");
    out.println("  quality dashboard  " + apiUrl + "/");
    out.println("  trace-api Swagger  " + apiUrl + "/q/swagger-ui");
    out.println("  ingest Swagger     " + ingestUrl + "/q/swagger-ui");
    printCredentials(completedFinals.stream().findFirst());
  }

  /**
   * Development credentials for trying the services by hand: tokens signed by the stack's own key
   * (nothing in the repository; {@code rm -rf .stack} revokes them) and where the devices' MQTT
   * passwords are.
   */
  private void printCredentials(Optional<String> serial) {
    String plants = String.join(",", io.serialtrace.stack.auth.DevPlantFloor.plantIds());
    String quality = identity.demoToken("qe-demo", "Dana Weber", "quality");
    String auditor = identity.demoToken("auditor-demo", "Alex Auditor", "auditor");
    out.println();
    out.println(
        "== Development tokens (8 h; signed by the stack's key in .stack/auth; more with"
            + " ./trace token --sub ID --roles R --plants "
            + plants
            + ")");
    out.println("  quality engineer qe-demo (quality; plants " + plants + "):");
    out.println("    " + quality);
    out.println("  auditor auditor-demo (auditor; plants " + plants + "):");
    out.println("    " + auditor);
    out.println("  try:");
    out.println("    AUDITOR_TOKEN=" + auditor);
    out.println(
        "    curl -H \"Authorization: Bearer $AUDITOR_TOKEN\" "
            + apiUrl
            + "/v1/units/"
            + serial.map(DemoReport::encode).orElse("<serial>"));
    out.println();
    out.println("== MQTT (the broker admits no anonymous client; one user per device)");
    out.println("  device passwords:  " + identity.mqttPasswordDirectory() + "/<device>.password");
    out.println(
        "  e.g. mosquitto_pub -h "
            + mqttUrl.getHost()
            + " -p "
            + mqttUrl.getPort()
            + " -u torque-tool-7 -P \"$(cat "
            + identity.mqttPasswordDirectory()
            + "/torque-tool-7.password)\" -t plants/P1/devices/torque-tool-7/measurements -m"
            + " '{...}'");
  }

  private Optional<JsonNode> awaitCompleted(String serial) throws Exception {
    Instant until = Instant.now().plus(VISIBLE_WITHIN);
    while (Instant.now().isBefore(until)) {
      HttpResponse<String> response = get("/v1/units/" + encode(serial));
      if (response.statusCode() == 200) {
        JsonNode unit = StationClient.JSON.readTree(response.body());
        if (unit.path("state").asText().equals("COMPLETED")) {
          return Optional.of(unit);
        }
      }
      Thread.sleep(500);
    }
    return Optional.empty();
  }

  private void printUnit(JsonNode unit) throws Exception {
    String serial = unit.path("serial").asText();
    out.println("== Record summary: GET " + apiUrl + "/v1/units/" + serial);
    for (String field :
        List.of(
            "serial",
            "state",
            "product",
            "routeRevision",
            "workOrder",
            "plant",
            "startedAt",
            "finishedAt",
            "recordCount",
            "recordHead",
            "openViolationCount")) {
      out.printf("  %-19s %s%n", field, unit.path(field).asText());
    }
    HttpResponse<String> record = get("/v1/units/" + encode(serial) + "/record");
    if (record.statusCode() == 200) {
      JsonNode body = StationClient.JSON.readTree(record.body());
      JsonNode entries = body.path("entries");
      out.printf(
          "  %-19s %d entries; chain check: %s%n",
          "record", entries.size(), brief(body.path("chain")));
      int shown = 0;
      for (JsonNode entry : entries) {
        if (shown++ == 4) {
          out.println("    …");
          break;
        }
        out.printf(
            "    #%-3s %-18s %-17s %-16s %s%n",
            entry.path("seq").asText(),
            entry.path("type").asText(),
            entry.path("stepId").asText(),
            entry.path("actor").asText(),
            brief(entry.path("payload")));
      }
    } else {
      out.println("  record: HTTP " + record.statusCode());
    }
  }

  /** Prints the backward trace; returns a lot found in it, for the recall scope. */
  private Optional<String> printTrace(String serial) throws Exception {
    String path = "/v1/units/" + encode(serial) + "/genealogy?direction=down&depth=6";
    out.println();
    out.println("== Backward trace (what went into it): GET " + apiUrl + path);
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      out.println("  HTTP " + response.statusCode() + ": " + response.body());
      return Optional.empty();
    }
    JsonNode trace = StationClient.JSON.readTree(response.body());
    out.printf(
        "  levels %s, nodes %s, truncated %s%n",
        trace.path("levels"), trace.path("nodes"), trace.path("truncated"));
    Optional<String> lot = Optional.empty();
    for (JsonNode edge : trace.path("edges")) {
      out.printf(
          "  %s %-34s <- %-9s %-14s x%-2s %-36s at %s%n",
          "  ".repeat(Math.max(0, edge.path("depth").asInt() - 1)),
          edge.path("parent").asText(),
          edge.path("childKind").asText(),
          edge.path("part").asText(),
          edge.path("qty").asText(),
          edge.path("child").asText(),
          edge.path("stepId").asText());
      if (lot.isEmpty() && edge.path("childKind").asText().equalsIgnoreCase("LOT")) {
        lot = Optional.of(edge.path("child").asText());
      }
    }
    return lot;
  }

  private void printRecall(String lot) throws Exception {
    String path = "/v1/lots/" + encode(lot) + "/where-used?limit=5";
    out.println();
    out.println("== Recall scope of lot " + lot + ": GET " + apiUrl + path);
    HttpResponse<String> response = get(path);
    if (response.statusCode() != 200) {
      out.println("  HTTP " + response.statusCode() + ": " + response.body());
      return;
    }
    JsonNode scope = StationClient.JSON.readTree(response.body());
    out.printf(
        "  %s unit(s) in scope over %s level(s); by state %s; by plant %s%n",
        scope.path("total").asText(),
        scope.path("levels").asText(),
        scope.path("counts"),
        scope.path("plants"));
    for (JsonNode unit : scope.path("units")) {
      out.printf(
          "    %-30s depth %s  %-9s %-13s %s open violation(s)%n",
          unit.path("serial").asText(),
          unit.path("depth").asText(),
          unit.path("state").asText(),
          unit.path("product").asText(),
          unit.path("openViolations").asText());
    }
    if (scope.path("nextOffset").isNumber()) {
      out.println(
          "    … (" + scope.path("matching").asText() + " in all; ?format=csv exports them)");
    }
  }

  private static String brief(JsonNode node) {
    String text = node.toString();
    return text.length() > 160 ? text.substring(0, 160) + "…" : text;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(apiUrl + path))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
