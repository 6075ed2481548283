package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One value of the app's Prometheus scrape ({@code /q/metrics}). */
final class ScrapedMetrics {
  private ScrapedMetrics() {}

  /**
   * The value of the series {@code name} with exactly these labels ({@code ""} for none, else e.g.
   * {@code reason="too-large"}); empty when the app does not export it.
   */
  static OptionalDouble value(String name, String labels) {
    String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
    String series = Pattern.quote(labels.isEmpty() ? name : name + "{" + labels + "}");
    Matcher line = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
    return line.find()
        ? OptionalDouble.of(Double.parseDouble(line.group(1)))
        : OptionalDouble.empty();
  }

  /** Like {@link #value}, 0 when the series does not exist yet. */
  static double count(String name, String labels) {
    return value(name, labels).orElse(0);
  }

  /** Waits (bounded) until the series has {@code expected} as its value, and asserts it. */
  static void await(String name, String labels, double expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (value(name, labels).orElse(-1) != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(value(name, labels)).as("%s{%s}", name, labels).hasValue(expected);
  }
}
