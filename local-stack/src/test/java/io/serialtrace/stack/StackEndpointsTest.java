package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackEndpointsTest {
  private static final StackSettings DEFAULTS = StackSettings.from(Path.of("/repo"), name -> null);

  @Test
  void localEndpointsFollowThePortSettings() {
    StackEndpoints endpoints =
        StackEndpoints.of(
            StackSettings.from(Path.of("/repo"), Map.of("TRACE_KAFKA_PORT", "29092")::get));

    assertThat(endpoints.kafkaBootstrap()).isEqualTo("127.0.0.1:29092");
    assertThat(endpoints.registryUrl()).isEqualTo("http://127.0.0.1:18081/apis/registry/v3");
    assertThat(endpoints.clickhouseUrl()).isEqualTo("http://127.0.0.1:18123");
    assertThat(endpoints.postgresJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/mes");
    assertThat(endpoints.mqttUrl()).isEqualTo("tcp://127.0.0.1:11883");
  }

  @Test
  void noExternalClusterWhenNoEndpointVariableIsSet() {
    assertThat(StackEndpoints.external(name -> null, DEFAULTS)).isEmpty();
  }

  @Test
  void externalClusterWhenEveryEndpointVariableIsSet() {
    Map<String, String> env =
        Map.of(
            "TRACE_KAFKA_BOOTSTRAP", "kafka-0.plant:9092",
            "TRACE_REGISTRY_URL", "http://registry.plant/apis/registry/v3",
            "TRACE_CLICKHOUSE_URL", "http://clickhouse.plant:8123",
            "TRACE_PG_URL", "jdbc:postgresql://mes.plant/mes",
            "TRACE_MQTT_URL", "tcp://mqtt.plant:1883");

    StackEndpoints endpoints = StackEndpoints.external(env::get, DEFAULTS).orElseThrow();

    assertThat(endpoints.kafkaBootstrap()).isEqualTo("kafka-0.plant:9092");
    assertThat(endpoints.mqttUrl()).isEqualTo("tcp://mqtt.plant:1883");
    assertThat(endpoints.clickhouseUser()).isEqualTo("trace");
  }

  @Test
  void aPartlyGivenExternalClusterIsAnErrorNamingWhatIsMissing() {
    Map<String, String> env = Map.of("TRACE_KAFKA_BOOTSTRAP", "kafka-0.plant:9092");

    assertThatThrownBy(() -> StackEndpoints.external(env::get, DEFAULTS))
        .hasMessageContaining("TRACE_REGISTRY_URL")
        .hasMessageContaining("TRACE_MQTT_URL")
        .hasMessageNotContaining("TRACE_KAFKA_BOOTSTRAP,");
  }
}
