package io.serialtrace.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.SampleRecords.Payload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated classes write and read Avro binary without loss: logical types (uuid,
 * timestamp-micros), optional fields and every branch of the payload union survive a round trip.
 */
class AvroRoundTripTest {

  static List<Payload> payloads() {
    return SampleRecords.payloads();
  }

  static Stream<Named<SpecificRecord>> topLevelRecords() {
    return Stream.of(
        Named.of("Route", SampleRecords.route()),
        Named.of("GateDecision", SampleRecords.rejection()),
        Named.of("GateDecision refusing a reuse", SampleRecords.reuseRefusal()),
        Named.of("ComponentClaimAnswer", SampleRecords.refusedClaim()),
        Named.of("UnitRecord", SampleRecords.unitRecord()),
        Named.of("Violation dispositioned", SampleRecords.dispositionedToleranceBreach()),
        Named.of("Violation from the punctuator", SampleRecords.overdueStep()),
        Named.of("Violation acknowledged", SampleRecords.acknowledgedDuplicateSerial()),
        Named.of("GenealogyEdge", SampleRecords.installedLot()),
        Named.of("UnitCompleted", SampleRecords.releasedAfterDisposition()),
        Named.of("RecordCheckpoint", SampleRecords.checkpoint()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("payloads")
  void productionEventWithPayloadSurvivesBinaryRoundTrip(Payload sample) throws IOException {
    // 1. Wrap the payload in an envelope.
    ProductionEvent event = SampleRecords.event(sample.payload());

    // 2. Write and read back.
    ProductionEvent read = roundTrip(event);

    // 3. Equal, with the payload still of its own generated class.
    assertThat(read).isEqualTo(event);
    assertThat(read.getPayload()).isInstanceOf(sample.payload().getClass());
    assertThat(read.getEventTime()).isEqualTo(SampleRecords.EVENT_TIME);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topLevelRecords")
  void topLevelRecordSurvivesBinaryRoundTrip(SpecificRecord record) throws IOException {
    assertThat(roundTrip(record)).isEqualTo(record);
  }

  @Test
  void everyPayloadTypeOfTheUnionHasASample() {
    Set<String> unionBranches =
        ProductionEvent.getClassSchema().getField("payload").schema().getTypes().stream()
            .map(Schema::getFullName)
            .collect(Collectors.toSet());
    Set<String> sampled =
        payloads().stream()
            .map(sample -> sample.payload().getSchema().getFullName())
            .collect(Collectors.toSet());

    assertThat(sampled).isEqualTo(unionBranches);
  }

  @Test
  void everyTopLevelSchemaHasASample() {
    Set<String> topLevel = SchemaDirectory.load(SchemaDirectory.CURRENT).topLevel().keySet();
    Set<String> sampled =
        Stream.concat(
                Stream.of(ProductionEvent.getClassSchema().getFullName()),
                topLevelRecords().map(named -> named.getPayload().getSchema().getFullName()))
            .collect(Collectors.toSet());

    assertThat(sampled).isEqualTo(topLevel);
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T roundTrip(T record) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
    encoder.flush();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    return (T) new SpecificDatumReader<>(record.getSchema()).read(null, decoder);
  }
}
