package io.serialtrace.gate.topics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Plain Avro binary serdes of the generated classes, for topology tests where no registry runs.
 * Undecodable bytes throw {@link SerializationException}, as a registry serde would, so the
 * dead-letter path is exercised for real.
 */
public final class AvroBinarySerdeFactory implements SerdeFactory {

  @Override
  public <T extends SpecificRecord> Serde<T> avro(Class<T> type, boolean forKey) {
    SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
    SpecificDatumReader<T> reader = new SpecificDatumReader<>(type);
    return Serdes.serdeFrom(
        (topic, value) -> {
          if (value == null) {
            return null;
          }
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new SerializationException(e);
          }
        },
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                "not a " + type.getSimpleName() + " in Avro binary on " + topic, e);
          }
        });
  }
}
