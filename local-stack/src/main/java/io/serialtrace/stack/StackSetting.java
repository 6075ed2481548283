package io.serialtrace.stack;

/**
 * Every setting of the local stack, declared once: environment variable, default and meaning.
 * {@link StackSettings} parses only through this declaration, so defaults cannot drift.
 */
public enum StackSetting {
  KAFKA_PORT(
      "TRACE_KAFKA_PORT",
      "19092",
      "Kafka broker listener port (loopback; PLAINTEXT, or SASL_PLAINTEXT after up --secure). The"
          + " security ITs' second, secure broker takes this port + 2 (and the controller's + 2)."),
  KAFKA_CONTROLLER_PORT(
      "TRACE_KAFKA_CONTROLLER_PORT", "19093", "Kafka KRaft controller listener port (loopback)."),
  REGISTRY_PORT("TRACE_REGISTRY_PORT", "18081", "Apicurio Registry HTTP port (API under /apis)."),
  REGISTRY_MANAGEMENT_PORT(
      "TRACE_REGISTRY_MANAGEMENT_PORT",
      "18091",
      "Apicurio Registry management port (health, metrics); it would otherwise take 9000."),
  CLICKHOUSE_HTTP_PORT("TRACE_CLICKHOUSE_HTTP_PORT", "18123", "ClickHouse HTTP interface port."),
  CLICKHOUSE_NATIVE_PORT(
      "TRACE_CLICKHOUSE_NATIVE_PORT", "19000", "ClickHouse native (TCP) protocol port."),
  CLICKHOUSE_USER(
      "TRACE_CLICKHOUSE_USER",
      "trace",
      "ClickHouse owner user: migrations (DDL) and test setup; owns the trace* databases."),
  CLICKHOUSE_PASSWORD(
      "TRACE_CLICKHOUSE_PASSWORD",
      "trace-local",
      "ClickHouse application user's password (local stack only; set your own elsewhere)."),
  CLICKHOUSE_SINK_USER(
      "TRACE_CLICKHOUSE_SINK_USER",
      "trace_sink",
      "ClickHouse user genealogy-sink writes rows with: INSERT and SELECT on database trace, no DDL."),
  CLICKHOUSE_SINK_PASSWORD(
      "TRACE_CLICKHOUSE_SINK_PASSWORD",
      "trace-sink-local",
      "Password of the sink's ClickHouse user (local stack only; set your own elsewhere)."),
  CLICKHOUSE_API_USER(
      "TRACE_CLICKHOUSE_API_USER",
      "trace_api",
      "ClickHouse user of trace-api: SELECT on database trace, INSERT only into trace.record_access."),
  CLICKHOUSE_API_PASSWORD(
      "TRACE_CLICKHOUSE_API_PASSWORD",
      "trace-api-local",
      "Password of trace-api's ClickHouse user (local stack only; set your own elsewhere)."),
  CLICKHOUSE_ANALYST_USER(
      "TRACE_CLICKHOUSE_ANALYST_USER",
      "analyst",
      "ClickHouse read-only user: the documented analyst views (v_*) of every plant, no raw table."),
  CLICKHOUSE_ANALYST_PASSWORD(
      "TRACE_CLICKHOUSE_ANALYST_PASSWORD",
      "analyst-local",
      "ClickHouse read-only user's password (local stack only; set your own elsewhere)."),
  CLICKHOUSE_PLANT_ANALYST_USER(
      "TRACE_CLICKHOUSE_PLANT_ANALYST_USER",
      "analyst_plant",
      "ClickHouse read-only user scoped to plants: the analyst views, only the rows of its plants."),
  CLICKHOUSE_PLANT_ANALYST_PASSWORD(
      "TRACE_CLICKHOUSE_PLANT_ANALYST_PASSWORD",
      "analyst-plant-local",
      "Password of the plant-scoped analyst (local stack only; set your own elsewhere)."),
  CLICKHOUSE_PLANT_ANALYST_PLANTS(
      "TRACE_CLICKHOUSE_PLANT_ANALYST_PLANTS",
      "P1",
      "Comma-separated plants whose rows the plant-scoped analyst reads in the analyst views."),
  POSTGRES_PORT("TRACE_POSTGRES_PORT", "15432", "PostgreSQL port of the private MES cluster."),
  POSTGRES_USER("TRACE_POSTGRES_USER", "trace", "PostgreSQL superuser of the private cluster."),
  POSTGRES_PASSWORD(
      "TRACE_POSTGRES_PASSWORD", "trace-local", "PostgreSQL password of that user (local only)."),
  POSTGRES_DATABASE(
      "TRACE_POSTGRES_DATABASE", "mes", "PostgreSQL database holding MES master data."),
  MQTT_PORT("TRACE_MQTT_PORT", "11883", "Mosquitto MQTT listener port (loopback)."),
  INGEST_PORT(
      "TRACE_INGEST_PORT",
      "18101",
      "HTTP port of the ingest service when the stack runs the services (./trace demo)."),
  GATE_PORT(
      "TRACE_GATE_PORT",
      "18102",
      "HTTP port of the gate (gating-streams) when the stack runs the services (./trace demo)."),
  SINK_PORT(
      "TRACE_SINK_PORT",
      "18103",
      "HTTP port of genealogy-sink when the stack runs the services (./trace demo)."),
  API_PORT(
      "TRACE_API_PORT",
      "18104",
      "HTTP port of trace-api (dashboard, Swagger) when the stack runs the services."),
  STATE_DIR(
      "TRACE_STATE_DIR",
      ".stack",
      "Folder for all data, logs and PID files of the stack, relative to the repository root."),
  CACHE_DIR(
      "TRACE_CACHE_DIR",
      ".cache",
      "Folder for downloaded distributions (libchdb, Apicurio), relative to the repository root."),
  READY_TIMEOUT(
      "TRACE_READY_TIMEOUT_SECONDS", "120", "How long a component may take to become ready."),
  STACK(
      "TRACE_STACK",
      "demo",
      "Which local stack: demo (./trace demo, up, bench) or test (./trace test and every test JVM,"
          + " set by the build): the test stack keeps its state in <TRACE_STATE_DIR>/test and"
          + " listens on every port + TRACE_TEST_PORT_OFFSET, so tests never see the demo's data."),
  TEST_PORT_OFFSET(
      "TRACE_TEST_PORT_OFFSET",
      "10000",
      "How far the test stack's ports are from the demo stack's (TRACE_STACK=test).");

  private final String environmentVariable;
  private final String defaultValue;
  private final String description;

  StackSetting(String environmentVariable, String defaultValue, String description) {
    this.environmentVariable = environmentVariable;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String environmentVariable() {
    return environmentVariable;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
