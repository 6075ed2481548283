package io.serialtrace.gate.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.UnitRecord;
import io.serialtrace.schemas.record.RecordHasher;
import io.serialtrace.schemas.record.RecordHasher.Verification;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordHasherTest {

  private static List<UnitRecord> recordOfACompletedUnit() {
    UnitScenario s = new UnitScenario("SN-HASH").through("S60");
    assertThat(s.unit().status()).isEqualTo(UnitStatus.COMPLETED);
    return s.verdicts.stream()
        .filter(Verdict.Accepted.class::isInstance)
        .map(v -> ((Verdict.Accepted) v).record())
        .toList();
  }

  @Test
  void aCompletedUnitsRecordVerifiesAndItsHeadIsTheLastHash() {
    List<UnitRecord> records = recordOfACompletedUnit();

    Verification result = RecordHasher.verify(records);

    assertThat(result)
        .isEqualTo(
            new Verification.Intact(
                records.size(), records.get(records.size() - 1).getRecordHash()));
    assertThat(records.get(0).getPrevHash()).isEqualTo("0".repeat(64));
    assertThat(records).allSatisfy(r -> assertThat(r.getRecordHash()).matches("[0-9a-f]{64}"));
  }

  @Test
  void aChangedMeasurementValueIsDetectedAtItsSeq() {
    List<UnitRecord> records = new ArrayList<>(recordOfACompletedUnit());
    int index = 3;
    UnitRecord original = records.get(index);
    UnitRecord tampered = UnitRecord.newBuilder(original).build();
    tampered.getEvent().setStation("ST-FORGED");
    records.set(index, tampered);

    assertThat(RecordHasher.verify(records))
        .isEqualTo(
            new Verification.Broken(
                original.getSeq(), "recordHash does not match the record content (tampered)"));
  }

  @Test
  void aChangedRawPayloadIsDetected() {
    List<UnitRecord> records = new ArrayList<>(recordOfACompletedUnit());
    UnitRecord tampered = UnitRecord.newBuilder(records.get(1)).build();
    tampered.getEvent().setRawPayload(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)));
    records.set(1, tampered);

    assertThat(RecordHasher.verify(records)).isInstanceOf(Verification.Broken.class);
  }

  @Test
  void aDeletedRecordBreaksTheChain() {
    List<UnitRecord> records = new ArrayList<>(recordOfACompletedUnit());
    records.remove(2);

    assertThat(RecordHasher.verify(records))
        .isEqualTo(new Verification.Broken(3, "expected seq 3 but found 4"));
  }

  @Test
  void aRecordWhoseHashWasRecomputedAfterTamperingStillBreaksTheNextLink() {
    List<UnitRecord> records = new ArrayList<>(recordOfACompletedUnit());
    UnitRecord tampered = UnitRecord.newBuilder(records.get(1)).build();
    tampered.getEvent().setActor("someone-else");
    tampered.setRecordHash(RecordHasher.recompute(tampered));
    records.set(1, tampered);

    assertThat(RecordHasher.verify(records))
        .isEqualTo(new Verification.Broken(3, "prevHash does not equal the recordHash of seq 2"));
  }

  @Test
  void hashingIsDeterministicAndDoesNotConsumeTheRawPayloadBuffer() {
    UnitRecord r = recordOfACompletedUnit().get(0);

    String first = RecordHasher.recompute(r);
    String second = RecordHasher.recompute(r);

    assertThat(first).isEqualTo(second).isEqualTo(r.getRecordHash());
  }
}
