package io.serialtrace.load.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * The gate's shipped settings the harness must match or name, read from the gate's own {@code
 * application.properties} (their one declaration), not copied: the application id (prefix of its
 * changelog topics) and the EOS commit interval (the pass-through baseline commits as often).
 *
 * @param applicationId {@code quarkus.kafka-streams.application-id}
 * @param commitInterval {@code kafka-streams.commit.interval.ms}
 * @param producerLinger {@code kafka-streams.producer.linger.ms} (Kafka Streams' own default, 100
 *     ms, when the gate does not set it)
 * @param poll {@code kafka-streams.poll.ms} (Kafka Streams' default, 100 ms, when not set)
 */
record GateConfig(
    String applicationId, Duration commitInterval, Duration producerLinger, Duration poll) {

  static final String APPLICATION_ID = "quarkus.kafka-streams.application-id";
  static final String COMMIT_INTERVAL = "kafka-streams.commit.interval.ms";
  static final String PRODUCER_LINGER = "kafka-streams.producer.linger.ms";
  static final String POLL = "kafka-streams.poll.ms";

  /** Kafka Streams' default {@code linger.ms} for its producers (StreamsConfig). */
  private static final long STREAMS_DEFAULT_LINGER_MS = 100;

  /** Kafka Streams' default {@code poll.ms}. */
  private static final long STREAMS_DEFAULT_POLL_MS = 100;

  /**
   * The settings as shipped in {@code gating-streams/src/main/resources/application.properties}.
   */
  static GateConfig shipped(Path home) {
    Path file =
        home.resolve("gating-streams/src/main/resources/application.properties").normalize();
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the gate's settings from "
              + file
              + ": the harness cannot name the gate's changelogs or match its commit interval",
          e);
    }
    return new GateConfig(
        required(p, APPLICATION_ID, file),
        Duration.ofMillis(Long.parseLong(required(p, COMMIT_INTERVAL, file))),
        Duration.ofMillis(
            Long.parseLong(
                p.getProperty(PRODUCER_LINGER, Long.toString(STREAMS_DEFAULT_LINGER_MS)).strip())),
        Duration.ofMillis(
            Long.parseLong(p.getProperty(POLL, Long.toString(STREAMS_DEFAULT_POLL_MS)).strip())));
  }

  /** The shipped settings as a point of the latency curve. */
  GateLatency latency() {
    return new GateLatency(
        (int) commitInterval.toMillis(), (int) producerLinger.toMillis(), (int) poll.toMillis());
  }

  /**
   * Whether a topic is one of the gate's changelogs (its repartitions are not counted: Kafka
   * Streams deletes what it has consumed of them, so their records cannot be read back).
   */
  boolean isChangelog(String topic) {
    return topic.startsWith(applicationId + "-") && topic.endsWith("-changelog");
  }

  /** The store a changelog belongs to. */
  String storeOf(String topic) {
    return topic.substring(applicationId.length() + 1).replaceFirst("-changelog$", "");
  }

  private static String required(Properties p, String key, Path file) {
    String value = p.getProperty(key);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          key + " is not set in " + file + ": the harness cannot measure the gate as shipped");
    }
    return value.strip();
  }
}
