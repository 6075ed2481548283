package io.serialtrace.gate.app;

import io.serialtrace.gate.topology.GateSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * The gate's own health, beside quarkus-kafka-streams' checks (liveness: the client state is
 * RUNNING or REBALANCING, so ERROR and PENDING_ERROR are DOWN; readiness: the input topics exist).
 * Those do not see a client that stays RUNNING while it cannot work:
 *
 * <ul>
 *   <li>liveness "gate stream threads": DOWN when the client runs with no live stream thread (every
 *       one dead and none replaced);
 *   <li>readiness "gate schema registry": DOWN while a stream thread was lost to an unreachable or
 *       silent registry less than {@code gate.registry-failure-readiness} ago — the gate then
 *       decides nothing, though its client is RUNNING.
 * </ul>
 */
@ApplicationScoped
public class GateHealth {
  private static final Set<String> GONE = Set.of("DEAD", "PENDING_SHUTDOWN");

  private final KafkaStreams streams;
  private final StreamFailures failures;
  private final Duration window;
  private final Clock clock = Clock.systemUTC();

  public GateHealth(KafkaStreams streams, StreamFailures failures, GateSettings settings) {
    this.streams = streams;
    this.failures = failures;
    this.window = settings.registryFailureReadiness();
  }

  @Produces
  @Liveness
  HealthCheck streamThreads() {
    return () -> {
      KafkaStreams.State state = streams.state();
      long alive =
          streams.metadataForLocalThreads().stream()
              .map(ThreadMetadata::threadState)
              .filter(s -> !GONE.contains(s))
              .count();
      boolean down = state.isRunningOrRebalancing() && alive == 0;
      return HealthCheckResponse.named("gate stream threads")
          .status(!down)
          .withData("state", state.name())
          .withData("alive", alive)
          .withData("replaced", failures.replaced())
          .build();
    };
  }

  @Produces
  @Readiness
  HealthCheck schemaRegistry() {
    return () -> {
      HealthCheckResponseBuilder check = HealthCheckResponse.named("gate schema registry").up();
      failures
          .lastRegistryFailure()
          .filter(f -> f.at().isAfter(Instant.now(clock).minus(window)))
          .ifPresent(
              f ->
                  check
                      .down()
                      .withData("failed-at", f.at().toString())
                      .withData(
                          "reason",
                          "a stream thread could not read or write Avro: the gate decides"
                              + " nothing until the registry answers ("
                              + f.reason()
                              + ")"));
      return check.build();
    };
  }
}
