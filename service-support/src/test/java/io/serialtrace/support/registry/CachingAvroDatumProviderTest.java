package io.serialtrace.support.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {
  private static final String PROBE =
      "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"io.serialtrace.test\","
          + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"n\",\"type\":\"long\"}]}";

  private final Schema schema = new Schema.Parser().parse(PROBE);
  private final CachingAvroDatumProvider<GenericRecord> provider = new CachingAvroDatumProvider<>();

  CachingAvroDatumProviderTest() {
    provider.configure(
        new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, false)));
  }

  @Test
  void aSchemaInstanceGetsTheSameWriterAndReaderEveryTime() {
    GenericRecord probe = probe();

    assertThat(provider.createDatumWriter(probe, schema))
        .isSameAs(provider.createDatumWriter(probe, schema));
    assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
  }

  @Test
  void aRecordWrittenAndReadThroughTheCachedWriterAndReaderRoundTrips() throws Exception {
    GenericRecord probe = probe();
    // An equal schema parsed again, as a registry lookup gives: another instance, same answer.
    Schema parsed = new Schema.Parser().parse(PROBE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);

    provider.createDatumWriter(probe, schema).write(probe, encoder);
    encoder.flush();
    GenericRecord read =
        provider
            .createDatumReader(parsed)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read).hasToString(probe.toString());
  }

  private GenericRecord probe() {
    GenericRecord probe = new GenericData.Record(schema);
    probe.put("id", "SN-1");
    probe.put("n", 42L);
    return probe;
  }
}
