/**
 * The plant simulator ({@link io.serialtrace.load.PlantSimulator}, run by {@code ./trace demo}),
 * the decision-latency harness ({@link io.serialtrace.load.DecisionLatencyBench}) and what they
 * share: a station's HTTP/MQTT client of ingest and the gate.
 */
package io.serialtrace.load;
