/**
 * The plant simulator ({@link io.serialtrace.load.PlantSimulator}, run by {@code ./trace demo}),
 * and what it shares with the benchmark harness ({@code io.serialtrace.load.bench}): a station's
 * HTTP/MQTT client of ingest and the gate.
 */
package io.serialtrace.load;
