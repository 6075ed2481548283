package io.serialtrace.gate.topics;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.serialtrace.gate.topology.GateSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Production serdes: Apicurio Registry Avro serdes, reading into the generated classes. The only
 * place the registry wiring lives.
 */
@ApplicationScoped
public class ApicurioSerdeFactory implements SerdeFactory {

  private final Map<String, Object> config;

  @Inject
  public ApicurioSerdeFactory(GateSettings settings) {
    this.config =
        Map.of(
            "apicurio.registry.url", settings.registryUrl(),
            "apicurio.registry.auto-register", settings.registryAutoRegister(),
            // Generated classes, not GenericRecord: the rules work on the typed records.
            "apicurio.registry.use-specific-avro-reader", true);
  }

  @Override
  public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean forKey) {
    AvroSerde<T> serde = new AvroSerde<>();
    serde.configure(config, forKey);
    return serde;
  }
}
