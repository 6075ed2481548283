package io.serialtrace.gate.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.gate.topology.DeadLetterUnlessRegistryDown;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.support.registry.BlackholeServer;
import io.serialtrace.support.registry.BoundedRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gate's serdes ask the registry through a bounded client: against a registry that accepts
 * connections and never answers, reading a record fails within the bound (three serde attempts of
 * {@link #BOUND} each, plus slack for a loaded machine) and is classified as a registry failure,
 * which {@link DeadLetterUnlessRegistryDown} does not dead-letter. An unbounded client hangs until
 * the {@code @Timeout}.
 */
class ApicurioSerdeFactoryTest {
  private static final Duration BOUND = Duration.ofMillis(500);
  private static final Duration WITHIN = Duration.ofSeconds(20);

  /** Magic byte, a content id, Avro bytes: a lookup the registry must answer. */
  private static final byte[] FRAMED = {0, 0, 0, 0, 0, 0, 0, 0, 42, 2, 'a'};

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void readingARecordFailsWithinTheBoundAgainstASilentRegistry() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer();
        ApicurioSerdeFactory serdes =
            new ApicurioSerdeFactory(blackhole.registryUrl(), false, BOUND);
        Deserializer<ProductionEvent> events =
            serdes.avro(ProductionEvent.class, false).deserializer()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> events.deserialize(Topics.PRODUCTION_EVENTS, FRAMED))
          .satisfies(
              e ->
                  assertThat(BoundedRegistry.unreachable(e))
                      .as("a registry failure, not bad bytes: %s", e)
                      .isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
      assertThat(blackhole.accepted()).isPositive();
    }
  }
}
