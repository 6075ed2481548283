package io.serialtrace.stack.component;

import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Statements over ClickHouse's HTTP interface as the owner user: the readiness probe, the database
 * creation and the {@code KILL QUERY} that stops the server.
 */
final class ClickHouseHttp {
  private static final String NAME = ClickHouseServer.NAME;

  private final StackSettings settings;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ClickHouseHttp(StackSettings settings) {
    this.settings = settings;
  }

  String url() {
    return "http://127.0.0.1:" + settings.port(StackSetting.CLICKHOUSE_HTTP_PORT);
  }

  /** Runs one statement; throws naming the URL, the user and the HTTP status. */
  String query(String sql, Duration timeout) throws IOException, InterruptedException {
    String user = settings.get(StackSetting.CLICKHOUSE_USER);
    String credentials =
        Base64.getEncoder()
            .encodeToString(
                (user + ":" + settings.get(StackSetting.CLICKHOUSE_PASSWORD))
                    .getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url() + "/"))
            .timeout(timeout)
            .header("Authorization", "Basic " + credentials)
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StackException(
          NAME + ": no HTTP answer at " + url() + " to `" + sql + "`: " + e, e);
    }
    if (response.statusCode() != 200) {
      throw new StackException(
          NAME
              + ": `"
              + sql
              + "` as user "
              + user
              + " at "
              + url()
              + " failed with HTTP "
              + response.statusCode()
              + ": "
              + response.body().strip());
    }
    return response.body();
  }
}
