package io.serialtrace.load.bench;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.component.ServiceProcess;
import java.util.List;
import java.util.Map;

/**
 * What every phase of one harness run shares: the plan, the stack, clients, the run's id (prefix of
 * every serial and topic it creates) and the progress line.
 *
 * @param plan loads and scales
 * @param settings the stack's settings (ports, state folder)
 * @param endpoints where Kafka, ClickHouse and PostgreSQL are
 * @param services the four services as stack components (stopped and started by phases)
 * @param clickHouse ClickHouse over HTTP
 * @param kafka raw Kafka helpers
 * @param id this run's id
 * @param progress the progress line
 */
record BenchRun(
    BenchPlan plan,
    StackSettings settings,
    StackEndpoints endpoints,
    LocalStack services,
    ClickHouseHttp clickHouse,
    KafkaBench kafka,
    String id,
    ProgressLine progress) {

  /** The sink's database (its default), which trace-api reads too. */
  static final String PIPELINE_DATABASE = "trace";

  /** The harness's own ClickHouse database (the stack grants the app user trace*). */
  static final String BENCH_DATABASE = "trace_bench";

  String ingestUrl() {
    return "http://127.0.0.1:" + settings.port(StackSetting.INGEST_PORT);
  }

  String gateUrl() {
    return "http://127.0.0.1:" + settings.port(StackSetting.GATE_PORT);
  }

  String apiUrl() {
    return "http://127.0.0.1:" + settings.port(StackSetting.API_PORT);
  }

  /** Stops the named services (graceful: the gate commits, the sink flushes). */
  void stop(String... names) throws Exception {
    services.stop(List.of(names), progress.asStackProgress());
  }

  /** Starts the named services (their usual configuration) and waits until they are ready. */
  void start(String... names) throws Exception {
    services.only(List.of(names)).up(progress.asStackProgress());
  }

  /** The gate alone, started with these extra {@code -D} properties (a phase's own settings). */
  LocalStack gateWith(Map<String, String> properties) {
    ServiceProcess gate =
        ServiceProcess.all(settings).stream()
            .filter(s -> s.name().equals("gate"))
            .findFirst()
            .orElseThrow();
    return new LocalStack(settings, List.of(gate.withProperties(properties, Map.of())));
  }
}
