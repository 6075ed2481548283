package io.serialtrace.api.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.serialtrace.api.ApiSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * trace-api's Kafka-fed live streams (the violation feed, the checkpoint log): starts their {@link
 * ConsumerLoop}s and reports them. Readiness "trace-api live streams" is DOWN while any loop cannot
 * read (starting, or retrying after a failure: broker or registry unreachable); liveness of the
 * same name is DOWN when a loop died (its thread ended with an error, nothing is read any more).
 */
@ApplicationScoped
public class LiveStreams {
  private final ApiSettings.Stream settings;
  private final List<ConsumerLoop> loops = new CopyOnWriteArrayList<>();

  public LiveStreams(ApiSettings settings) {
    this.settings = settings.stream();
  }

  /** Starts a loop, reported by the health checks from now on. */
  public ConsumerLoop start(
      String name, Supplier<Consumer<String, Object>> consumers, ConsumerLoop.Reader reader) {
    ConsumerLoop loop = ConsumerLoop.start(name, consumers, reader, settings.kafkaTimeout());
    loops.add(loop);
    return loop;
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    for (ConsumerLoop loop : loops) {
      loop.close();
    }
  }

  @Produces
  @Readiness
  HealthCheck reading() {
    return () -> report(c -> c instanceof ConsumerLoop.Condition.Reading);
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> report(c -> !(c instanceof ConsumerLoop.Condition.Died));
  }

  private HealthCheckResponse report(java.util.function.Predicate<ConsumerLoop.Condition> up) {
    HealthCheckResponseBuilder check = HealthCheckResponse.named("trace-api live streams").up();
    for (ConsumerLoop loop : loops) {
      ConsumerLoop.Condition condition = loop.condition();
      check.withData(loop.name(), describe(condition));
      if (!up.test(condition)) {
        check.down();
      }
    }
    return check.build();
  }

  private static String describe(ConsumerLoop.Condition condition) {
    return switch (condition) {
      case ConsumerLoop.Condition.Starting s -> "STARTING";
      case ConsumerLoop.Condition.Reading r -> "READING (broker answered " + r.lastContact() + ")";
      case ConsumerLoop.Condition.Retrying r ->
          "RETRYING since "
              + r.since()
              + ": cannot read, live data is not delivered ("
              + r.reason()
              + ")";
      case ConsumerLoop.Condition.Died d -> "DIED: nothing is read any more (" + d.reason() + ")";
      case ConsumerLoop.Condition.Stopped s -> "STOPPED";
    };
  }
}
