package io.serialtrace.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.sink.batch.OffsetRange;
import org.junit.jupiter.api.Test;

class DeliveryStateTest {
  @Test
  void pendingMetadataRoundTripsThroughACommit() {
    OffsetRange range = new OffsetRange("t", 3, 40, 59);

    assertThat(DeliveryState.fromCommit("t", 3, 40, DeliveryState.pendingMetadata(range)))
        .isEqualTo(new DeliveryState.Pending(range));
  }

  @Test
  void storedOrForeignMetadataMeansStoredUpToTheCommittedOffset() {
    assertThat(DeliveryState.fromCommit("t", 3, 60, "stored:40-59"))
        .isEqualTo(new DeliveryState.Stored(60));
    assertThat(DeliveryState.fromCommit("t", 3, 60, "")).isEqualTo(new DeliveryState.Stored(60));
  }

  @Test
  void pendingMetadataAtAnotherOffsetIsRefused() {
    assertThatThrownBy(() -> DeliveryState.fromCommit("t", 3, 41, "pending:40-59"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t-3");
  }
}
