package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.DevPlantFloor;
import io.serialtrace.stack.component.ServiceProcess;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each service is started with: its own users, and no secret on its command line. */
class ServiceProcessTest {

  private static Map<String, Map<String, String>> byName(List<ServiceProcess> services) {
    return services.stream()
        .collect(Collectors.toMap(ServiceProcess::name, ServiceProcess::properties));
  }

  @Test
  void eachServiceGetsItsOwnClickHouseUser(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);
    var services = byName(ServiceProcess.all(settings, KafkaSecurity.PLAINTEXT));

    // 1. the sink writes rows as trace_sink and migrates as the owner
    assertThat(services.get("sink"))
        .containsEntry("sink.clickhouse.user", "trace_sink")
        .containsEntry("sink.clickhouse.migration-user", "trace");
    // 2. trace-api reads as trace_api
    assertThat(services.get("api")).containsEntry("quarkus.datasource.username", "trace_api");
    // 3. a plaintext broker needs no Kafka security setting at all
    services.values().forEach(p -> assertThat(p.keySet()).noneMatch(k -> k.contains("sasl")));
  }

  @Test
  void everyServiceListensOnLoopbackOnlyLikeTheInfrastructure(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);
    var services = byName(ServiceProcess.all(settings, KafkaSecurity.PLAINTEXT));

    assertThat(services).hasSize(4);
    services.forEach(
        (name, p) -> assertThat(p).as(name).containsEntry("quarkus.http.host", "127.0.0.1"));
  }

  @Test
  void everyServiceAnsweringTokensVerifiesThemWithTheStacksKey(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);
    var services = byName(ServiceProcess.all(settings, KafkaSecurity.PLAINTEXT));

    String key = DevIdentity.in(settings.authDir()).verificationKeyFile().toString();
    for (String service : List.of("ingest", "gate", "api")) {
      assertThat(services.get(service))
          .as(service)
          .containsEntry("mp.jwt.verify.publickey.location", key)
          .containsEntry("mp.jwt.verify.issuer", DevIdentity.ISSUER)
          .containsEntry("mp.jwt.verify.audiences", DevIdentity.AUDIENCE);
    }
  }

  @Test
  void ingestKeepsOneMqttSessionAcrossRestartsUnderAFixedInstanceId(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);

    Map<String, String> ingest =
        byName(ServiceProcess.all(settings, KafkaSecurity.PLAINTEXT)).get("ingest");

    assertThat(ingest).containsEntry("ingest.instance-id", "ingest-local");
  }

  @Test
  void traceApiGetsEachDevelopmentPlantsOwnShiftCalendar(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);
    Map<String, String> api =
        byName(ServiceProcess.all(settings, KafkaSecurity.PLAINTEXT)).get("api");

    // 1. Every plant of the floor has a zone and shift starts.
    Set<String> calendars = new TreeSet<>();
    for (String plant : DevPlantFloor.plantIds()) {
      assertThat(api).containsKeys("api.plants." + plant + ".time-zone");
      calendars.add(
          api.get("api.plants." + plant + ".time-zone")
              + " "
              + api.get("api.plants." + plant + ".shift-starts"));
    }
    // 2. No two plants share one: the report shows each in its own local time.
    assertThat(calendars).hasSameSizeAs(DevPlantFloor.plantIds());
    assertThat(api).containsEntry("api.plants.P2.shift-starts", "07:00,15:30,23:30");
  }

  @Test
  void secureStackLogsEachServiceInWithoutPuttingAPasswordOnItsCommandLine(@TempDir Path home) {
    StackSettings settings = StackSettings.from(home, name -> null);
    KafkaCredentials credentials = KafkaCredentials.of(settings);
    credentials.createMissing();
    var services = byName(ServiceProcess.all(settings, KafkaSecurity.SASL_SCRAM));

    // 1. each framework's own prefix
    assertThat(services.get("ingest")).containsEntry("kafka.security.protocol", "SASL_PLAINTEXT");
    assertThat(services.get("gate"))
        .containsEntry("kafka-streams.security.protocol", "SASL_PLAINTEXT");
    assertThat(services.get("sink"))
        .containsEntry("sink.kafka.security-protocol", "SASL_PLAINTEXT");
    assertThat(services.get("api")).containsEntry("kafka.security.protocol", "SASL_PLAINTEXT");

    // 2. the JAAS line is an expression over the child's environment, never a literal password
    for (var entry : services.entrySet()) {
      String all = entry.getValue().toString();
      for (String principal : KafkaCredentials.principals()) {
        assertThat(all).as(entry.getKey()).doesNotContain(credentials.password(principal));
      }
      assertThat(all)
          .as(entry.getKey())
          .doesNotContain(settings.get(StackSetting.CLICKHOUSE_PASSWORD))
          .doesNotContain(settings.get(StackSetting.CLICKHOUSE_SINK_PASSWORD))
          .doesNotContain(settings.get(StackSetting.CLICKHOUSE_API_PASSWORD))
          .doesNotContain(settings.get(StackSetting.POSTGRES_PASSWORD));
      assertThat(entry.getValue()).containsValue("${TRACE_SERVICE_KAFKA_JAAS_CONFIG}");
    }
  }
}
