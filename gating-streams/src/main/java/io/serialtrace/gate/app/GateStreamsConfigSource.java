package io.serialtrace.gate.app;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.gate.topology.GateTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Hands the Kafka Streams settings the topology relies on ({@link GateTopology#streamsConfig()}:
 * the dead-letter handling) to quarkus-kafka-streams as {@code kafka-streams.*} properties, and the
 * topics it reads as {@code quarkus.kafka-streams.topics}, so they are declared once, in the
 * topology, and the topology tests run with exactly the same ones.
 *
 * <p>Ordinal 200: below {@code application.properties} (250), so an operator can still override a
 * value there deliberately, above the extension's defaults.
 */
public final class GateStreamsConfigSource implements ConfigSource {

  private static final String PREFIX = "kafka-streams.";

  /** quarkus-kafka-streams' list of topics to wait for before starting. */
  static final String TOPICS = "quarkus.kafka-streams.topics";

  private final Map<String, String> properties = new TreeMap<>();

  public GateStreamsConfigSource() {
    GateTopology.streamsConfig()
        .forEach((key, value) -> properties.put(PREFIX + key, String.valueOf(value)));
    // Kafka Streams starts once the topics it reads exist (and readiness reports them): the
    // topology's own list, not a copy of the names.
    List<String> read = new ArrayList<>(Topics.inputs());
    read.addAll(Topics.loops());
    properties.put(TOPICS, String.join(",", read));
  }

  @Override
  public Map<String, String> getProperties() {
    return Map.copyOf(properties);
  }

  @Override
  public Set<String> getPropertyNames() {
    return Set.copyOf(properties.keySet());
  }

  @Override
  public String getValue(String propertyName) {
    return properties.get(propertyName);
  }

  @Override
  public String getName() {
    return "gate-topology-streams-config";
  }

  @Override
  public int getOrdinal() {
    return 200;
  }
}
