package io.serialtrace.schemas.record;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.UnitStarted;
import io.serialtrace.schemas.record.RecordHasher.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * The recipe as documented on {@link RecordHasher}: re-implemented here from the Javadoc alone
 * (ByteBuffer, not the class's DataOutputStream) and pinned by a frozen vector, so a change of the
 * byte recipe fails a test instead of silently breaking every stored chain.
 */
class RecordHasherTest {

  private static final Instant EVENT_TIME = Instant.parse("2025-03-04T10:15:30.123456Z");

  private static ProductionEvent event(String serial, Object payload, int n) {
    return ProductionEvent.newBuilder()
        .setEventId(new UUID(0x3f2b8c1a7d4e4b6aL, n))
        .setSerial(serial)
        .setPlant("PLANT-GDL")
        .setStation("ST-20")
        .setActor("op-1187")
        .setActorType(ActorType.OPERATOR)
        .setEventTime(EVENT_TIME.plusSeconds(n))
        .setReceivedTime(EVENT_TIME.plusSeconds(n).plusMillis(250))
        .setSource(EventSource.HTTP)
        .setRawPayload(ByteBuffer.wrap(("{\"n\":" + n + "}").getBytes(UTF_8)))
        .setRawContentType("application/json")
        .setPayload(payload)
        .build();
  }

  private static List<UnitRecord> chainOfThree() {
    List<ProductionEvent> events =
        List.of(
            event("SN-1", UnitStarted.newBuilder().setProduct("P").setWorkOrder("WO").build(), 1),
            event(
                "SN-1",
                MeasurementRecorded.newBuilder()
                    .setStepId("S20")
                    .setCharacteristic("torque-M4")
                    .setValue(2.35)
                    .setUnit("Nm")
                    .build(),
                2),
            event("SN-1", UnitStarted.newBuilder().setProduct("P").setWorkOrder("WO2").build(), 3));
    List<UnitRecord> records = new ArrayList<>();
    String prev = RecordHasher.GENESIS;
    long seq = 1;
    for (ProductionEvent e : events) {
      String hash = RecordHasher.hash("SN-1", seq, prev, e);
      records.add(
          UnitRecord.newBuilder()
              .setSerial("SN-1")
              .setSeq(seq)
              .setPrevHash(prev)
              .setRecordHash(hash)
              .setRouteProduct("P")
              .setRouteRevision("A")
              .setEvent(e)
              .setRecordedAt(e.getReceivedTime())
              .build());
      prev = hash;
      seq++;
    }
    return records;
  }

  /** The Javadoc's recipe, written independently of the class under test. */
  private static String documentedRecipe(String serial, long seq, String prev, byte[] event)
      throws Exception {
    byte[] serialBytes = serial.getBytes(UTF_8);
    ByteBuffer canonical =
        ByteBuffer.allocate(4 + serialBytes.length + 8 + 64 + 4 + event.length)
            .putInt(serialBytes.length)
            .put(serialBytes)
            .putLong(seq)
            .put(prev.getBytes(US_ASCII))
            .putInt(event.length)
            .put(event);
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.array()));
  }

  @Test
  void theWorkedExampleOfTheJavadocGivesThoseCanonicalBytesAndAFrozenHash() {
    // 1. The example from the class documentation.
    byte[] canonical =
        RecordHasher.canonicalBytes("SN-1", 1, RecordHasher.GENESIS, new byte[] {1, 2, 3});

    // 2. Byte for byte as documented.
    assertThat(HexFormat.of().formatHex(canonical))
        .isEqualTo(
            "00000004" + "534e2d31" + "0000000000000001" + "30".repeat(64) + "00000003010203");

    // 3. Frozen: a change of recipe breaks every chain already stored.
    assertThat(RecordHasher.hash("SN-1", 1, RecordHasher.GENESIS, new byte[] {1, 2, 3}))
        .isEqualTo(FROZEN_EXAMPLE_HASH);
  }

  /** Computed outside Java (Python hashlib over the documented bytes), so it checks the recipe. */
  private static final String FROZEN_EXAMPLE_HASH =
      "bb9ec71620342acc2b8b4eb62304dfa622ea41d6671b6be3de63732150074ee9";

  @Test
  void anIndependentImplementationOfTheDocumentedRecipeAgreesOnEveryRecord() throws Exception {
    for (UnitRecord r : chainOfThree()) {
      byte[] eventAvro = RecordHasher.canonicalEventBytes(r.getEvent());

      assertThat(documentedRecipe(r.getSerial(), r.getSeq(), r.getPrevHash(), eventAvro))
          .isEqualTo(r.getRecordHash())
          .isEqualTo(RecordHasher.recompute(r))
          .isEqualTo(RecordHasher.hash(r.getSerial(), r.getSeq(), r.getPrevHash(), eventAvro));
    }
  }

  @Test
  void theEventBytesAreTheBareAvroDatumThatReadsBackToTheEvent() throws IOException {
    // 1. The canonical bytes of an event.
    ProductionEvent original = chainOfThree().get(1).getEvent();
    byte[] eventAvro = RecordHasher.canonicalEventBytes(original);

    // 2. Plain Avro binary, no framing: a bare SpecificDatumReader reads it to the last byte.
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(eventAvro, null);
    ProductionEvent read = new SpecificDatumReader<>(ProductionEvent.class).read(null, decoder);
    assertThat(read).isEqualTo(original);
    assertThat(decoder.isEnd()).isTrue();

    // 3. The same bytes as the event field inside the whole UnitRecord's Avro binary.
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    var encoder = EncoderFactory.get().directBinaryEncoder(whole, null);
    new SpecificDatumWriter<>(UnitRecord.class).write(chainOfThree().get(1), encoder);
    assertThat(indexOf(whole.toByteArray(), eventAvro)).isPositive();
  }

  @Test
  void anIntactChainVerifiesWithTheLastHashAsHead() {
    List<UnitRecord> records = chainOfThree();

    assertThat(RecordHasher.verify(records))
        .isEqualTo(new Verification.Intact(3, records.get(2).getRecordHash()));
    assertThat(RecordHasher.verify(List.of()))
        .isEqualTo(new Verification.Intact(0, RecordHasher.GENESIS));
  }

  @Test
  void aChangedEventFieldIsNamedByItsSeq() {
    List<UnitRecord> records = new ArrayList<>(chainOfThree());
    UnitRecord tampered = UnitRecord.newBuilder(records.get(1)).build();
    tampered.getEvent().setActor("someone-else");
    records.set(1, tampered);

    assertThat(RecordHasher.verify(records))
        .isEqualTo(
            new Verification.Broken(2, "recordHash does not match the record content (tampered)"));
  }

  @Test
  void oneChangedEventByteChangesTheHash() {
    byte[] eventAvro = RecordHasher.canonicalEventBytes(chainOfThree().get(0).getEvent());
    String before = RecordHasher.hash("SN-1", 1, RecordHasher.GENESIS, eventAvro);

    eventAvro[eventAvro.length - 1] ^= 1;

    assertThat(RecordHasher.hash("SN-1", 1, RecordHasher.GENESIS, eventAvro)).isNotEqualTo(before);
  }

  @Test
  void hashingDoesNotConsumeTheRawPayloadBuffer() {
    ProductionEvent e = chainOfThree().get(0).getEvent();

    byte[] first = RecordHasher.canonicalEventBytes(e);
    byte[] second = RecordHasher.canonicalEventBytes(e);

    assertThat(second).isEqualTo(first);
    assertThat(e.getRawPayload().remaining()).isPositive();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
