package io.serialtrace.sink.batch;

/** The RowBinary rows one batch inserts into one table. */
public record TableInsert(SinkTable table, int rowCount, RowBinary rowBinary) {}
