package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.batch.TableInsert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Behaves like a MergeTree table with insert deduplication: an insert whose token the table has
 * seen is dropped (and still "succeeds"). Keeps what was accepted, per table, for assertions.
 * Thread-safe: a round's workers insert at once.
 */
public final class InMemoryClickHouse implements RowWriter {
  private final Set<String> seenTokens = new HashSet<>();
  private final Map<SinkTable, List<String>> acceptedTokens = new HashMap<>();
  private final Map<SinkTable, Integer> rows = new HashMap<>();
  private int dropped;

  @Override
  public synchronized void insert(TableInsert insert, String token) {
    if (!seenTokens.add(insert.table() + "/" + token)) {
      dropped++;
      return;
    }
    acceptedTokens.computeIfAbsent(insert.table(), t -> new ArrayList<>()).add(token);
    rows.merge(insert.table(), insert.rowCount(), Integer::sum);
  }

  public synchronized int rows(SinkTable table) {
    return rows.getOrDefault(table, 0);
  }

  public synchronized List<String> acceptedTokens(SinkTable table) {
    return acceptedTokens.getOrDefault(table, List.of());
  }

  public synchronized int droppedDuplicates() {
    return dropped;
  }
}
