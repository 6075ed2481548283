package io.serialtrace.load.bench;

import io.serialtrace.stack.StackEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * ClickHouse over its HTTP interface, as the application user: statements, scalar reads, and the
 * bulk RowBinary baseline (bytes out of one query, into one {@code INSERT … FORMAT RowBinary}).
 */
final class ClickHouseHttp {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final StackEndpoints endpoints;

  ClickHouseHttp(StackEndpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** Runs a statement; its text answer (TSV for a query). */
  String execute(String sql) throws IOException, InterruptedException {
    return new String(send("", HttpRequest.BodyPublishers.ofString(sql)), StandardCharsets.UTF_8);
  }

  /** The single number a query answers. */
  long scalar(String sql) throws IOException, InterruptedException {
    return Long.parseLong(execute(sql).strip());
  }

  /** A query's answer as bytes (e.g. {@code FORMAT RowBinary}). */
  byte[] bytes(String sql) throws IOException, InterruptedException {
    return send("", HttpRequest.BodyPublishers.ofString(sql));
  }

  /** {@code insert} (an {@code INSERT … FORMAT x} without data) with {@code data} as the body. */
  void insert(String insert, byte[] data) throws IOException, InterruptedException {
    send(
        "&query=" + URLEncoder.encode(insert, StandardCharsets.UTF_8),
        HttpRequest.BodyPublishers.ofByteArray(data));
  }

  private byte[] send(String query, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoints.clickhouseUrl() + "/?async_insert=0" + query))
            .timeout(Duration.ofMinutes(20))
            .header("X-ClickHouse-User", endpoints.clickhouseUser())
            .header("X-ClickHouse-Key", endpoints.clickhousePassword())
            .POST(body)
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "ClickHouse answered "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8).strip());
    }
    return response.body();
  }
}
