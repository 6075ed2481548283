package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.TableInsert;

/** Inserts one table's rows with a deduplication token; throws {@link SinkFailure} on failure. */
public interface RowWriter {
  void insert(TableInsert insert, String deduplicationToken);
}
