package io.serialtrace.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.sink.batch.OffsetRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchCutTest {
  private static final String T = "trace.unit-records.v1";

  @Test
  void pendingRangeWaitsUntilItsLastOffsetIsBufferedThenIsCutExactly() {
    OffsetRange pending = new OffsetRange(T, 0, 100, 109);

    Optional<BatchCut.Cut> early =
        BatchCut.decide(
            T, 0, Optional.of(pending), List.of(100L, 101L, 102L), 103, 1000, true, true);
    Optional<BatchCut.Cut> covered =
        BatchCut.decide(
            T,
            0,
            Optional.of(pending),
            List.of(100L, 105L, 109L, 110L, 111L),
            112,
            1000,
            true,
            true);

    assertThat(early).isEmpty();
    assertThat(covered).contains(new BatchCut.Cut(pending, true));
  }

  @Test
  void pendingRangeWhoseLastRecordIsGoneIsCutOnceThePositionPassesIt() {
    // e.g. the last offset was a transaction marker: no record, but the position moved past it.
    OffsetRange pending = new OffsetRange(T, 0, 100, 109);

    assertThat(BatchCut.decide(T, 0, Optional.of(pending), List.of(100L), 110, 1000, false, true))
        .contains(new BatchCut.Cut(pending, true));
  }

  @Test
  void fullBufferIsCutAtMaxRecords() {
    assertThat(BatchCut.decide(T, 1, Optional.empty(), List.of(5L, 6L, 8L, 9L), 10, 3, false, true))
        .contains(new BatchCut.Cut(new OffsetRange(T, 1, 5, 8), false));
  }

  @Test
  void smallBufferWaitsForMaxWaitThenIsCutWhole() {
    assertThat(BatchCut.decide(T, 1, Optional.empty(), List.of(5L, 6L), 7, 10, false, true))
        .isEmpty();
    assertThat(BatchCut.decide(T, 1, Optional.empty(), List.of(5L, 6L), 7, 10, true, true))
        .contains(new BatchCut.Cut(new OffsetRange(T, 1, 5, 6), false));
  }

  @Test
  void smallBufferWaitsWhileMoreOfThePartitionIsWaitingInKafka() {
    // A backlog: the oldest record waited, but the next fetch brings more: fill the batch first.
    assertThat(BatchCut.decide(T, 1, Optional.empty(), List.of(5L, 6L), 7, 10, true, false))
        .isEmpty();
    assertThat(
            BatchCut.decide(
                T, 1, Optional.empty(), List.of(5L, 6L, 7L, 8L, 9L, 10L), 11, 5, true, false))
        .contains(new BatchCut.Cut(new OffsetRange(T, 1, 5, 9), false));
  }

  @Test
  void emptyBufferIsNeverCut() {
    assertThat(BatchCut.decide(T, 1, Optional.empty(), List.of(), 7, 10, true, true)).isEmpty();
  }
}
