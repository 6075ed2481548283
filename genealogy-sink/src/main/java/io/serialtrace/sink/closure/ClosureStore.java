package io.serialtrace.sink.closure;

import io.serialtrace.sink.closure.ClosureRow.RangeKey;
import java.util.Collection;
import java.util.List;

/**
 * Where the closure lives: ClickHouse ({@link ClickHouseClosureStore}), or memory in tests. Every
 * method throws {@link io.serialtrace.sink.delivery.SinkFailure} when the store fails.
 */
public interface ClosureStore {
  /** The current state of each of {@code keys} that has an edge stored (the others are missing). */
  List<Link> links(Collection<LinkKey> keys);

  /** The stored rows of {@code ranges}, one per (range, link): its smallest depth, newest facts. */
  List<ClosureRow> ranges(Collection<RangeKey> ranges);

  void insert(List<ClosureRow> rows);
}
