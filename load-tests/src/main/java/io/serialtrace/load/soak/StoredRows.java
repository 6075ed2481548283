package io.serialtrace.load.soak;

import io.serialtrace.stack.StackEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the sink stored in ClickHouse for one soak run, read over HTTP as the application user
 * ({@code trace}, the owner of the database) — each read bounded by {@link #QUERY_TIMEOUT}.
 *
 * @param rowsPerEvent {@code unit_records} rows per eventId (append-only: a duplicate stays)
 * @param rowsPerSeq rows per (serial, seq) beyond the first: a seq written twice
 * @param violations latest status per violationId ({@code argMax(status, version)})
 * @param completed serials whose latest {@code units} row is COMPLETED
 */
record StoredRows(
    Map<String, Integer> rowsPerEvent,
    long rowsPerSeq,
    Map<String, String> violations,
    Set<String> completed) {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static StoredRows read(StackEndpoints endpoints, String runId)
      throws IOException, InterruptedException {
    String run = "serial LIKE '%-" + runId + "-%'";
    Map<String, Integer> perEvent = new HashMap<>();
    for (String[] row :
        rows(
            endpoints,
            "SELECT toString(event_id), count() FROM trace.unit_records WHERE "
                + run
                + " GROUP BY event_id")) {
      perEvent.put(row[0], Integer.parseInt(row[1]));
    }
    long extraSeq =
        Long.parseLong(
            rows(
                    endpoints,
                    "SELECT count() - uniqExact(serial, seq) FROM trace.unit_records WHERE " + run)
                .getFirst()[0]);
    Map<String, String> violations = new HashMap<>();
    for (String[] row :
        rows(
            endpoints,
            "SELECT toString(violation_id), argMax(status, version) FROM trace.violations WHERE "
                + run
                + " GROUP BY violation_id")) {
      violations.put(row[0], row[1]);
    }
    Set<String> completed = new HashSet<>();
    for (String[] row :
        rows(
            endpoints,
            "SELECT serial FROM trace.units FINAL WHERE " + run + " AND status = 'COMPLETED'")) {
      completed.add(row[0]);
    }
    return new StoredRows(perEvent, extraSeq, violations, completed);
  }

  private static java.util.List<String[]> rows(StackEndpoints endpoints, String sql)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoints.clickhouseUrl() + "/"))
            .timeout(QUERY_TIMEOUT)
            .header("X-ClickHouse-User", endpoints.clickhouseUser())
            .header("X-ClickHouse-Key", endpoints.clickhousePassword())
            .POST(HttpRequest.BodyPublishers.ofString(sql + " FORMAT TSV"))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "ClickHouse answered " + response.statusCode() + ": " + response.body().strip());
    }
    return response.body().lines().filter(l -> !l.isEmpty()).map(l -> l.split("\t")).toList();
  }
}
