package io.serialtrace.schemas.topics;

/**
 * The pipeline's services, declared once. Topics name them as writers and readers ({@link
 * TraceTopic}); the access declarations (Kafka ACLs, ClickHouse users) and the chart are keyed by
 * them.
 */
public enum Service implements TopicParty, TopicCreator {
  /** HTTP and MQTT intake, route CDC; answers waiting stations with the gate's decisions. */
  INGEST("ingest", "ingest"),

  /** The gate: Kafka Streams, exactly-once. */
  GATE("gate", "gating-streams"),

  /** Kafka to ClickHouse. */
  SINK("sink", "genealogy-sink"),

  /** REST over ClickHouse and the live violation stream. */
  API("api", "trace-api");

  private final String principal;
  private final String module;

  Service(String principal, String module) {
    this.principal = principal;
    this.module = module;
  }

  /**
   * The name the service authenticates as: its Kafka SCRAM user, its local-stack component and the
   * name of its password file.
   */
  public String principal() {
    return principal;
  }

  /** Its Maven module, also its component and image name in the chart. */
  public String module() {
    return module;
  }
}
