package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.TableInsert;

/**
 * Delivers one batch with the protocol of the module README ("Delivery state machine"):
 *
 * <ol>
 *   <li>mark the range PENDING (commit its first offset with {@code pending:first-last});
 *   <li>publish its dead letters;
 *   <li>insert each table's rows with the range's token;
 *   <li>mark it STORED (commit {@code last + 1}).
 * </ol>
 *
 * A crash after step 1 leaves a PENDING range that whoever owns the partition next replays exactly,
 * and ClickHouse drops every block of it that had landed. Steps 1 and 2 are skipped when the batch
 * already replays a pending range (its marker is in place).
 */
public final class BatchDelivery {
  private final DeliveryStateStore store;
  private final RowWriter rows;
  private final DeadLetterWriter deadLetters;

  public BatchDelivery(DeliveryStateStore store, RowWriter rows, DeadLetterWriter deadLetters) {
    this.store = store;
    this.rows = rows;
    this.deadLetters = deadLetters;
  }

  /**
   * @param replay true when {@code batch} is the partition's pending range being redone
   */
  public void deliver(Batch batch, boolean replay) {
    if (!replay) {
      store.markPending(batch.range());
    }
    if (!batch.deadLetters().isEmpty()) {
      deadLetters.publish(batch.deadLetters());
    }
    String token = batch.range().token();
    for (TableInsert insert : batch.inserts()) {
      rows.insert(insert, token);
    }
    store.markStored(batch.range());
  }
}
