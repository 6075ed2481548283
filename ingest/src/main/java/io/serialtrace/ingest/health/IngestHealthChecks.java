package io.serialtrace.ingest.health;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.decision.DecisionListener;
import io.serialtrace.ingest.kafka.ProducerWarmup;
import io.serialtrace.ingest.routes.CdcProgress;
import io.serialtrace.ingest.routes.RouteCapture;
import io.serialtrace.support.kafka.KafkaClientSecurity;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health beyond what the extensions give (messaging channels, PostgreSQL datasource): Kafka answers
 * within {@code ingest.health.kafka-timeout}, the producers have their topics' metadata, the schema
 * registry answers, the gate-decision reader is positioned, route CDC runs.
 *
 * <p>Kafka is checked here rather than by the Kafka client extension's check ({@code
 * quarkus.kafka.health.enabled}, off): that one waits for the cluster description without a bound
 * of its own, i.e. up to the admin client's {@code default.api.timeout.ms} (60 s), so with the
 * broker stopped readiness hung instead of answering DOWN.
 */
@ApplicationScoped
public class IngestHealthChecks {
  private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(REGISTRY_TIMEOUT).build();
  private final String registryUrl;
  private final DecisionListener decisions;
  private final RouteCapture routes;
  private final ProducerWarmup producers;
  private final Duration kafkaTimeout;
  private final Admin kafka;

  public IngestHealthChecks(
      @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url")
          String registryUrl,
      @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
      IngestSettings settings,
      Config config,
      DecisionListener decisions,
      RouteCapture routes,
      ProducerWarmup producers) {
    this.registryUrl = registryUrl;
    this.decisions = decisions;
    this.routes = routes;
    this.producers = producers;
    this.kafkaTimeout = settings.health().kafkaTimeout();
    Map<String, Object> admin =
        new HashMap<>(KafkaClientSecurity.from(config, KafkaClientSecurity.SMALLRYE_PREFIX));
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    int bound = Math.toIntExact(kafkaTimeout.toMillis());
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, bound);
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, bound);
    this.kafka = Admin.create(admin);
  }

  @PreDestroy
  void close() {
    kafka.close(Duration.ofSeconds(1));
  }

  /** The cluster answers within the bound: DOWN otherwise, never a hang. */
  @Readiness
  HealthCheck kafka() {
    return () -> {
      int bound = Math.toIntExact(kafkaTimeout.toMillis());
      try {
        Collection<Node> nodes =
            kafka
                .describeCluster(new DescribeClusterOptions().timeoutMs(bound))
                .nodes()
                .get(bound, TimeUnit.MILLISECONDS);
        return HealthCheckResponse.named("kafka")
            .up()
            .withData(
                "nodes",
                nodes.stream().map(n -> n.host() + ":" + n.port()).collect(Collectors.joining(",")))
            .build();
      } catch (Exception e) {
        return HealthCheckResponse.named("kafka")
            .down()
            .withData("timeout", kafkaTimeout.toString())
            .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage())
            .build();
      }
    };
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

  /**
   * The producers know their topics' partitions (ProducerWarmup): the first request after readiness
   * does not wait for metadata inside its answer bound.
   */
  @Readiness
  HealthCheck kafkaProducers() {
    return () ->
        switch (producers.state()) {
          case ProducerWarmup.State.Warm warm ->
              HealthCheckResponse.named("kafka-producers")
                  .up()
                  .withData("partitions", warm.partitions().toString())
                  .withData("warmedInMs", warm.took().toMillis())
                  .build();
          case ProducerWarmup.State.Warming warming ->
              HealthCheckResponse.named("kafka-producers")
                  .down()
                  .withData("warming", warming.why())
                  .build();
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
