package io.serialtrace.support.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every way a service gets a registry client fails a lookup against a registry that accepts
 * connections and never answers ({@link BlackholeServer}) within the bound, instead of hanging the
 * calling thread. The serde retries a lookup ({@code apicurio.registry.retry-count} 3 by default);
 * here one attempt is asked for, so the bound is measured as one request plus slack for a loaded
 * machine. The class {@code @Timeout} is what an unbounded client runs into.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedRegistryTest {
  private static final Duration BOUND = Duration.ofMillis(500);
  private static final Duration SLACK = Duration.ofSeconds(10);

  /** Magic byte, then a content id no one asked the registry for yet, then Avro bytes. */
  private static final byte[] FRAMED = {0, 0, 0, 0, 0, 0, 0, 0, 42, 2, 'a'};

  private static final Schema SCHEMA =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.serialtrace.test\","
                  + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}");

  private static final Map<String, Object> ONE_ATTEMPT =
      Map.of("apicurio.registry.retry-count", 1, "apicurio.registry.retry-backoff-ms", 10);

  @Test
  void aDeserializerFailsWithinTheBoundAgainstASilentRegistry() throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer();
        BoundedRegistry registry = new BoundedRegistry(blackhole.registryUrl(), BOUND);
        Deserializer<Object> values = registry.deserializer(ONE_ATTEMPT, false)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> values.deserialize("t", FRAMED))
          .satisfies(e -> assertThat(BoundedRegistry.unreachable(e)).as("%s", e).isTrue());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND.plus(SLACK));
      assertThat(blackhole.accepted()).as("the request reached the silent registry").isPositive();
    }
  }

  @Test
  void aSerializerThatRegistersFailsWithinTheBoundAgainstASilentRegistry() throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(ONE_ATTEMPT);
    config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
    try (BlackholeServer blackhole = new BlackholeServer();
        BoundedRegistry registry = new BoundedRegistry(blackhole.registryUrl(), BOUND);
        Serializer<Object> values = registry.serializer(config, false)) {
      assertFailsWithinBound(values, blackhole);
    }
  }

  @Test
  void aSerializerConfiguredByClassNameFailsWithinTheBoundAgainstASilentRegistry()
      throws Exception {
    try (BlackholeServer blackhole = new BlackholeServer();
        Serializer<Object> values = new BoundedAvroSerializer<>()) {
      values.configure(
          Map.of(
              SerdeConfig.REGISTRY_URL,
              blackhole.registryUrl(),
              SerdeConfig.AUTO_REGISTER_ARTIFACT,
              true,
              "apicurio.registry.retry-count",
              1,
              BoundedRegistry.REQUEST_TIMEOUT_CONFIG,
              BOUND.toString()),
          false);
      assertFailsWithinBound(values, blackhole);
    }
  }

  @Test
  void aSerializerConfiguredByClassNameWithoutABoundIsRefused() {
    try (Serializer<Object> values = new BoundedAvroSerializer<>()) {
      assertThatThrownBy(
              () ->
                  values.configure(
                      Map.of(
                          SerdeConfig.REGISTRY_URL,
                          "http://127.0.0.1:1/apis/registry/v3",
                          AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
                          true),
                      false))
          .hasMessageContaining(BoundedRegistry.REQUEST_TIMEOUT_CONFIG)
          .hasMessageContaining("nothing can be published");
    }
  }

  @Test
  void aZeroBoundIsRefusedSinceItWouldMeanNone() {
    assertThatThrownBy(() -> new BoundedRegistry("http://127.0.0.1:1", Duration.ZERO))
        .hasMessageContaining("between 1 ms");
  }

  private static void assertFailsWithinBound(Serializer<Object> values, BlackholeServer blackhole) {
    GenericRecord record = new GenericData.Record(SCHEMA);
    record.put("id", "x");
    long start = System.nanoTime();
    assertThatThrownBy(() -> values.serialize("t", record))
        .satisfies(e -> assertThat(BoundedRegistry.unreachable(e)).as("%s", e).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND.plus(SLACK));
    assertThat(blackhole.accepted()).as("the request reached the silent registry").isPositive();
  }
}
