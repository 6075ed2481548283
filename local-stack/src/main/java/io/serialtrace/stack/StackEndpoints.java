package io.serialtrace.stack;

import java.util.Optional;
import java.util.function.Function;

/**
 * Where the infrastructure is, as clients need it. Integration tests receive this from {@link
 * io.serialtrace.stack.junit.LocalStackExtension}; it is the same whether the local stack serves it
 * or a real cluster given by environment variables.
 *
 * @param kafkaBootstrap Kafka {@code bootstrap.servers}
 * @param registryUrl Apicurio Registry v3 API base, e.g. {@code
 *     http://127.0.0.1:18081/apis/registry/v3}
 * @param clickhouseUrl ClickHouse HTTP base URL, e.g. {@code http://127.0.0.1:18123}
 * @param clickhouseUser ClickHouse owner user (migrations, DDL, test setup)
 * @param clickhousePassword that user's password
 * @param postgresJdbcUrl JDBC URL of the MES database
 * @param postgresUser PostgreSQL user (replication-capable, for Debezium)
 * @param postgresPassword that user's password
 * @param mqttUrl MQTT broker URL, e.g. {@code tcp://127.0.0.1:11883}
 * @param clickhouseSinkUser ClickHouse user the sink writes rows with (INSERT, SELECT; no DDL)
 * @param clickhouseSinkPassword that user's password
 * @param clickhouseApiUser ClickHouse user of trace-api (SELECT; INSERT into record_access only)
 * @param clickhouseApiPassword that user's password
 */
public record StackEndpoints(
    String kafkaBootstrap,
    String registryUrl,
    String clickhouseUrl,
    String clickhouseUser,
    String clickhousePassword,
    String postgresJdbcUrl,
    String postgresUser,
    String postgresPassword,
    String mqttUrl,
    String clickhouseSinkUser,
    String clickhouseSinkPassword,
    String clickhouseApiUser,
    String clickhouseApiPassword) {

  /** Environment variables that point integration tests at an existing cluster instead. */
  public static final String KAFKA_BOOTSTRAP = "TRACE_KAFKA_BOOTSTRAP";

  public static final String REGISTRY_URL = "TRACE_REGISTRY_URL";
  public static final String CLICKHOUSE_URL = "TRACE_CLICKHOUSE_URL";
  public static final String PG_URL = "TRACE_PG_URL";
  public static final String MQTT_URL = "TRACE_MQTT_URL";

  /** The endpoints of the local stack described by {@code settings}. */
  public static StackEndpoints of(StackSettings settings) {
    return new StackEndpoints(
        "127.0.0.1:" + settings.port(StackSetting.KAFKA_PORT),
        "http://127.0.0.1:" + settings.port(StackSetting.REGISTRY_PORT) + "/apis/registry/v3",
        "http://127.0.0.1:" + settings.port(StackSetting.CLICKHOUSE_HTTP_PORT),
        settings.get(StackSetting.CLICKHOUSE_USER),
        settings.get(StackSetting.CLICKHOUSE_PASSWORD),
        "jdbc:postgresql://127.0.0.1:"
            + settings.port(StackSetting.POSTGRES_PORT)
            + "/"
            + settings.get(StackSetting.POSTGRES_DATABASE),
        settings.get(StackSetting.POSTGRES_USER),
        settings.get(StackSetting.POSTGRES_PASSWORD),
        "tcp://127.0.0.1:" + settings.port(StackSetting.MQTT_PORT),
        settings.get(StackSetting.CLICKHOUSE_SINK_USER),
        settings.get(StackSetting.CLICKHOUSE_SINK_PASSWORD),
        settings.get(StackSetting.CLICKHOUSE_API_USER),
        settings.get(StackSetting.CLICKHOUSE_API_PASSWORD));
  }

  /**
   * Endpoints of an external cluster when every {@code TRACE_*_URL}/{@code TRACE_KAFKA_BOOTSTRAP}
   * variable is set; credentials come from the same settings as the local stack's. Empty when none
   * is set; an error naming the missing ones when only some are.
   */
  public static Optional<StackEndpoints> external(
      Function<String, String> env, StackSettings credentials) {
    String[] names = {KAFKA_BOOTSTRAP, REGISTRY_URL, CLICKHOUSE_URL, PG_URL, MQTT_URL};
    long given = java.util.Arrays.stream(names).filter(n -> present(env.apply(n))).count();
    if (given == 0) {
      return Optional.empty();
    }
    if (given < names.length) {
      String missing =
          String.join(
              ", ", java.util.Arrays.stream(names).filter(n -> !present(env.apply(n))).toList());
      throw new IllegalStateException(
          "An external cluster needs every endpoint variable; missing: " + missing);
    }
    return Optional.of(
        new StackEndpoints(
            env.apply(KAFKA_BOOTSTRAP),
            env.apply(REGISTRY_URL),
            env.apply(CLICKHOUSE_URL),
            credentials.get(StackSetting.CLICKHOUSE_USER),
            credentials.get(StackSetting.CLICKHOUSE_PASSWORD),
            env.apply(PG_URL),
            credentials.get(StackSetting.POSTGRES_USER),
            credentials.get(StackSetting.POSTGRES_PASSWORD),
            env.apply(MQTT_URL),
            credentials.get(StackSetting.CLICKHOUSE_SINK_USER),
            credentials.get(StackSetting.CLICKHOUSE_SINK_PASSWORD),
            credentials.get(StackSetting.CLICKHOUSE_API_USER),
            credentials.get(StackSetting.CLICKHOUSE_API_PASSWORD)));
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }
}
