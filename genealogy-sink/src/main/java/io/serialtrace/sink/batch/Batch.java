package io.serialtrace.sink.batch;

import java.util.List;

/**
 * What one offset range of one partition becomes: inserts (in {@link SinkTable} order, empty tables
 * left out) and dead letters (in offset order). Built by {@link BatchBuilder#build}, a pure
 * function, so a replay after a crash yields byte-identical inserts.
 */
public record Batch(OffsetRange range, List<TableInsert> inserts, List<DeadLetter> deadLetters) {
  public Batch {
    inserts = List.copyOf(inserts);
    deadLetters = List.copyOf(deadLetters);
  }

  public int rowCount() {
    return inserts.stream().mapToInt(TableInsert::rowCount).sum();
  }
}
