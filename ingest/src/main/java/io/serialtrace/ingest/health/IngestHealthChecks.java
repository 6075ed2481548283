package io.serialtrace.ingest.health;

import io.serialtrace.ingest.decision.DecisionListener;
import io.serialtrace.ingest.routes.CdcProgress;
import io.serialtrace.ingest.routes.RouteCapture;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health beyond what the extensions give (Kafka admin, messaging channels, PostgreSQL datasource):
 * the schema registry answers, the gate-decision reader is positioned, route CDC runs.
 */
@ApplicationScoped
public class IngestHealthChecks {
  private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT).build();
  private final String registryUrl;
  private final DecisionListener decisions;
  private final RouteCapture routes;

  public IngestHealthChecks(
      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
          String registryUrl,
      DecisionListener decisions,
      RouteCapture routes) {
    this.registryUrl = registryUrl;
    this.decisions = decisions;
    this.routes = routes;
  }

  @Readiness
  HealthCheck registry() {
    return () -> {
      String url = registryUrl + "/system/info";
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(REGISTRY_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        return HealthCheckResponse.named("schema-registry")
            .status(response.statusCode() == 200)
            .withData("url", url)
            .withData("status", response.statusCode())
            .build();
      } catch (Exception e) {
        return HealthCheckResponse.named("schema-registry")
            .down()
            .withData("url", url)
            .withData("error", String.valueOf(e.getMessage()))
            .build();
      }
    };
  }

  @Readiness
  HealthCheck decisionReader() {
    return () ->
        HealthCheckResponse.named("gate-decision-reader").status(decisions.ready()).build();
  }

  @Liveness
  HealthCheck routeCapture() {
    return () ->
        routes
            .progress()
            .map(
                verdict ->
                    switch (verdict) {
                      case CdcProgress.Verdict.Streaming streaming ->
                          HealthCheckResponse.named("route-cdc")
                              .up()
                              .withData("lastRecord", streaming.lastRecord().toString())
                              .build();
                      case CdcProgress.Verdict.Stalled stalled ->
                          HealthCheckResponse.named("route-cdc")
                              .down()
                              .withData("lastRecord", stalled.lastRecord().toString())
                              .withData(
                                  "stalled",
                                  "no change or heartbeat for "
                                      + stalled.silentFor()
                                      + " (ingest.cdc.stall-timeout): route changes are not"
                                      + " published; a restart resumes from the engine's offsets")
                              .build();
                      case CdcProgress.Verdict.Stopped stopped ->
                          HealthCheckResponse.named("route-cdc")
                              .down()
                              .withData("stopped", stopped.why())
                              .build();
                    })
            .orElseGet(() -> HealthCheckResponse.named("route-cdc").up().build());
  }
}
