package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Avro records go through the real broker and the real registry as the services will send them: the
 * Apicurio serializer registers the writer schema, the record carries its id, and the deserializer
 * resolves that id back to the generated class. The registry refuses a schema change that would
 * break existing readers, because the stack sets the global BACKWARD rule.
 */
@ExtendWith(LocalStackExtension.class)
class AvroKafkaRoundTripIT {
  /** Where the serializer's default strategy (topic name + "-value") registers schemas. */
  private static final String DEFAULT_GROUP = "default";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void productionEventRoundTripsThroughKafkaWithItsSchemaRegistered(StackEndpoints stack)
      throws Exception {
    // 1. Arrange: a fresh topic, so this run's schema and record are the only ones on it.
    String topic = "it.avro-round-trip." + UUID.randomUUID();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    ProductionEvent sent = unitStarted("SN-" + UUID.randomUUID());

    // 2. Produce it keyed by serial; the serializer registers ProductionEvent on first use.
    RecordMetadata written;
    try (KafkaProducer<String, ProductionEvent> producer =
        new KafkaProducer<>(producerConfig(stack), new StringSerializer(), serializer(stack))) {
      written =
          producer
              .send(new ProducerRecord<>(topic, sent.getSerial(), sent))
              .get(30, TimeUnit.SECONDS);
    }

    // 3. Consume it back with the specific reader: the generated class, equal field by field.
    List<ConsumerRecord<String, ProductionEvent>> received = new ArrayList<>();
    TopicPartition partition = new TopicPartition(topic, written.partition());
    try (KafkaConsumer<String, ProductionEvent> consumer =
        new KafkaConsumer<>(consumerConfig(stack), new StringDeserializer(), deserializer(stack))) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, written.offset());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(received::add);
      }
    }
    assertThat(received).hasSize(1);
    assertThat(received.getFirst().key()).isEqualTo(sent.getSerial());
    assertThat(received.getFirst().value()).isInstanceOf(ProductionEvent.class).isEqualTo(sent);
    assertThat(received.getFirst().value().getPayload()).isInstanceOf(UnitStarted.class);

    // 4. The registry holds the schema as an AVRO artifact named after the topic.
    String artifact =
        stack.registryUrl() + "/groups/" + DEFAULT_GROUP + "/artifacts/" + path(topic + "-value");
    HttpResponse<String> metadata = get(artifact);
    assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(200);
    assertThat(metadata.body()).contains("\"artifactType\":\"AVRO\"");
    HttpResponse<String> content = get(artifact + "/versions/branch=latest/content");
    assertThat(content.statusCode()).as(content.body()).isEqualTo(200);
    assertThat(content.body())
        .contains("\"ProductionEvent\"")
        .contains("\"io.serialtrace.schemas\"")
        .contains("\"UnitStarted\"");
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void registryRefusesAnIncompatibleSchemaVersionUnderTheGlobalBackwardRule(StackEndpoints stack)
      throws Exception {
    // 1. The stack has set the global rule.
    HttpResponse<String> rule = get(stack.registryUrl() + "/admin/rules/COMPATIBILITY");
    assertThat(rule.statusCode()).as(rule.body()).isEqualTo(200);
    assertThat(rule.body()).contains("\"config\":\"BACKWARD\"");

    // 2. A test artifact with a first version: one string field.
    String group = "it.stack";
    String artifactId = "rule-check-" + UUID.randomUUID();
    String v1 = record("{\"name\":\"lot\",\"type\":\"string\"}");
    HttpResponse<String> created =
        post(
            stack.registryUrl() + "/groups/" + group + "/artifacts",
            "{\"artifactId\":\""
                + artifactId
                + "\",\"artifactType\":\"AVRO\",\"firstVersion\":"
                + versionBody(v1)
                + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String versions =
        stack.registryUrl() + "/groups/" + group + "/artifacts/" + artifactId + "/versions";

    // 3. A new required field without a default: new readers could not read old records. Refused.
    //    Apicurio 3.3 answers a rule violation with 400 (it was 409 up to 3.1, issue #8131).
    String incompatible =
        record("{\"name\":\"lot\",\"type\":\"string\"},{\"name\":\"quantity\",\"type\":\"int\"}");
    HttpResponse<String> refused = post(versions, versionBody(incompatible));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("RuleViolationException");

    // 4. The same field with a default is backward compatible, so the rule is not refusing all.
    String compatible =
        record(
            "{\"name\":\"lot\",\"type\":\"string\"},"
                + "{\"name\":\"quantity\",\"type\":\"int\",\"default\":0}");
    HttpResponse<String> accepted = post(versions, versionBody(compatible));
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.body()).contains("\"version\":\"2\"");
  }

  private static ProductionEvent unitStarted(String serial) {
    // Avro timestamp-micros keeps microseconds: truncate so the round trip can compare equal.
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    return ProductionEvent.newBuilder()
        .setEventId(UUID.randomUUID())
        .setSerial(serial)
        .setPlant("P1")
        .setStation("ST-010")
        .setActor("operator-7")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(now.minusMillis(250))
        .setReceivedTime(now)
        .setSource(EventSource.HTTP)
        .setPayload(UnitStarted.newBuilder().setProduct("PUMP-200").setWorkOrder("WO-1").build())
        .build();
  }

  private static Map<String, Object> producerConfig(StackEndpoints stack) {
    return Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.kafkaBootstrap(),
        ProducerConfig.ACKS_CONFIG,
        "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
        true);
  }

  private static Map<String, Object> consumerConfig(StackEndpoints stack) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        stack.kafkaBootstrap(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }

  private static AvroKafkaSerializer<ProductionEvent> serializer(StackEndpoints stack) {
    AvroKafkaSerializer<ProductionEvent> serializer = new AvroKafkaSerializer<>();
    serializer.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            SerdeConfig.AUTO_REGISTER_ARTIFACT,
            true),
        false);
    return serializer;
  }

  private static AvroKafkaDeserializer<ProductionEvent> deserializer(StackEndpoints stack) {
    AvroKafkaDeserializer<ProductionEvent> deserializer = new AvroKafkaDeserializer<>();
    deserializer.configure(
        Map.of(
            SerdeConfig.REGISTRY_URL,
            stack.registryUrl(),
            AvroSerdeConfig.USE_SPECIFIC_AVRO_READER,
            true),
        false);
    return deserializer;
  }

  private static String record(String fields) {
    return "{\"type\":\"record\",\"name\":\"RuleCheck\",\"namespace\":\"io.serialtrace.it\","
        + "\"fields\":["
        + fields
        + "]}";
  }

  /** A CreateVersion body: the schema travels as a JSON string inside the JSON document. */
  private static String versionBody(String schema) {
    String escaped = schema.replace("\\", "\\\\").replace("\"", "\\\"");
    return "{\"content\":{\"content\":\"" + escaped + "\",\"contentType\":\"application/json\"}}";
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String json) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
