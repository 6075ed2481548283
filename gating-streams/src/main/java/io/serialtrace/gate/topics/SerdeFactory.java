package io.serialtrace.gate.topics;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Supplies the Avro serdes of topic values (and of stores holding Avro records). Production uses
 * {@link ApicurioSerdeFactory} (schemas in Apicurio Registry); topology tests pass a plain Avro
 * binary serde, since no registry runs in unit tests.
 */
public interface SerdeFactory {

  /**
   * @param type the generated class
   * @param forKey whether the serde is for record keys (Apicurio resolves key and value artifacts
   *     separately)
   */
  <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean forKey);
}
