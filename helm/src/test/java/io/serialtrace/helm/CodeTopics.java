package io.serialtrace.helm;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.sink.SinkSettings;
import io.serialtrace.sink.SinkTopic;
import io.smallrye.config.WithDefault;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The topics as the code declares them: the pipeline's topic registry ({@link TraceTopic}), and
 * what each service names (the gate's {@link Topics}, ingest's {@code IngestSettings.Topics}
 * defaults, the sink's {@link SinkTopic} and dead-letter default), which must all be registry
 * topics. The chart is checked against these, never against a second list.
 */
final class CodeTopics {
  private CodeTopics() {}

  static String ingestDefault(String setting) {
    return withDefault(IngestSettings.Topics.class, setting);
  }

  static String sinkDeadLetters() {
    return withDefault(SinkSettings.Kafka.class, "deadLetterTopic");
  }

  static String sinkGroup() {
    return withDefault(SinkSettings.Kafka.class, "groupId");
  }

  private static String withDefault(Class<?> settings, String method) {
    try {
      return settings.getMethod(method).getAnnotation(WithDefault.class).value();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(settings.getName() + " has no setting " + method, e);
    }
  }

  /** What ingest produces: events, routes (CDC), its dead letters. */
  static List<String> ingestProduces() {
    return List.of(
        ingestDefault("productionEvents"), ingestDefault("routes"), ingestDefault("deadLetters"));
  }

  /** What ingest consumes: the gate's decisions (to answer waiting stations). */
  static List<String> ingestConsumes() {
    return List.of(ingestDefault("gateDecisions"));
  }

  /** Every topic of the pipeline, each once: the topic registry. */
  static Set<String> all() {
    Set<String> all = new LinkedHashSet<>();
    Arrays.stream(TraceTopic.values()).map(TraceTopic::topicName).forEach(all::add);
    return all;
  }

  /** The topics the services name in their own settings and registries. */
  static Set<String> usedByServices() {
    Set<String> all = new LinkedHashSet<>();
    all.addAll(Topics.inputs());
    all.addAll(Topics.outputs());
    all.addAll(Topics.loops());
    all.addAll(ingestProduces());
    all.addAll(ingestConsumes());
    all.addAll(SinkTopic.names());
    all.add(sinkDeadLetters());
    return all;
  }

  /** Topics holding state rather than history: compacted, as the registry declares. */
  static Set<String> compacted() {
    return Arrays.stream(TraceTopic.values())
        .filter(t -> t.cleanup() == TraceTopic.Cleanup.COMPACT)
        .map(TraceTopic::topicName)
        .collect(java.util.stream.Collectors.toSet());
  }
}
