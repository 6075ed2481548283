package io.serialtrace.gate.topics;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** A topic with its key and value serde: the one place a topic's name and format are declared. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  /** How the topology reads it, as a source node with the given name. */
  public Consumed<K, V> consumed(String sourceName) {
    return Consumed.with(keySerde, valueSerde).withName(sourceName);
  }

  /** How the topology writes it, as a sink node with the given name. */
  public Produced<K, V> produced(String sinkName) {
    return Produced.with(keySerde, valueSerde).withName(sinkName);
  }
}
