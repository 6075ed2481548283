package io.serialtrace.gate.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.schemas.Route;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class CachingAvroDatumProviderTest {

  private final CachingAvroDatumProvider<Route> provider = new CachingAvroDatumProvider<>();

  CachingAvroDatumProviderTest() {
    provider.configure(new AvroSerdeConfig(Map.of(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true)));
  }

  @Test
  void aSchemaInstanceGetsTheSameWriterAndReaderEveryTime() {
    Route route = TestRoutes.sixStepRoute();
    Schema schema = Route.getClassSchema();

    assertThat(provider.createDatumWriter(route, schema))
        .isSameAs(provider.createDatumWriter(route, schema));
    assertThat(provider.createDatumReader(schema)).isSameAs(provider.createDatumReader(schema));
  }

  @Test
  void aRecordWrittenAndReadThroughTheCachedWriterAndReaderRoundTrips() throws Exception {
    Route route = TestRoutes.sixStepRoute();
    // An equal schema parsed again, as a registry lookup gives: another instance, same answer.
    Schema parsed = new Schema.Parser().parse(Route.getClassSchema().toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);

    provider.createDatumWriter(route, Route.getClassSchema()).write(route, encoder);
    encoder.flush();
    Route read =
        provider
            .createDatumReader(parsed)
            .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));

    assertThat(read).isEqualTo(route);
  }
}
