/**
 * genealogy-sink: consumes the gate's output topics and writes them to ClickHouse, exactly once per
 * row. See the module README for the tables, the delivery protocol and the crash table.
 */
package io.serialtrace.sink;
