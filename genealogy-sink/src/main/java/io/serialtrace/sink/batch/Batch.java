package io.serialtrace.sink.batch;

import io.serialtrace.sink.closure.LinkKey;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one offset range of one partition becomes: inserts (in {@link SinkTable} order, empty tables
 * left out), dead letters (in offset order) and the genealogy links its edges touched (whose
 * closure rows are derived once the edges are stored). Built by {@link BatchBuilder#build}, a pure
 * function, so a replay after a crash yields byte-identical inserts.
 */
public record Batch(
    OffsetRange range,
    List<TableInsert> inserts,
    List<DeadLetter> deadLetters,
    Set<LinkKey> genealogyLinks) {
  public Batch {
    inserts = List.copyOf(inserts);
    deadLetters = List.copyOf(deadLetters);
    genealogyLinks = Collections.unmodifiableSet(new LinkedHashSet<>(genealogyLinks));
  }

  /** A batch without genealogy edges. */
  public Batch(OffsetRange range, List<TableInsert> inserts, List<DeadLetter> deadLetters) {
    this(range, inserts, deadLetters, Set.of());
  }

  public int rowCount() {
    return inserts.stream().mapToInt(TableInsert::rowCount).sum();
  }
}
