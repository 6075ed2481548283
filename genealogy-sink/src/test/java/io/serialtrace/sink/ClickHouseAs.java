package io.serialtrace.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.StackEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One statement sent to the stack's ClickHouse over HTTP as a given user, for the grant ITs. */
final class ClickHouseAs {
  static final String ACCESS_DENIED = "ACCESS_DENIED";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer of ClickHouse's HTTP interface. */
  record Answer(int status, String body) {
    boolean ok() {
      return status == 200;
    }
  }

  private ClickHouseAs() {}

  static Answer run(StackEndpoints stack, String user, String password, String sql)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.clickhouseUrl() + "/"))
            .timeout(Duration.ofSeconds(30))
            .header("X-ClickHouse-User", user)
            .header("X-ClickHouse-Key", password)
            .POST(HttpRequest.BodyPublishers.ofString(sql))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** As the owner; the statement must succeed. */
  static String owner(StackEndpoints stack, String sql) throws Exception {
    Answer answer = run(stack, stack.clickhouseUser(), stack.clickhousePassword(), sql);
    assertThat(answer.ok()).as("owner: %s -> %s", sql, answer.body()).isTrue();
    return answer.body();
  }
}
