package io.serialtrace.ingest.it;

import static io.restassured.RestAssured.given;

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
}
