package io.serialtrace.gate.topology;

import io.serialtrace.gate.topics.SerdeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** Hands the topology to quarkus-kafka-streams; all the building is in {@link GateTopology}. */
@ApplicationScoped
public class TopologyProducer {

  @Produces
  public Topology topology(GateSettings settings, SerdeFactory serdes) {
    return GateTopology.build(new StreamsBuilder(), settings, serdes);
  }
}
