package io.serialtrace.api.it;

import static java.util.Map.entry;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.CheckpointKeys;
import io.serialtrace.stack.kafka.TopicProvisioner;
import java.util.List;
import java.util.Map;

/**
 * Points the packaged app at the real stack, the way LocalStackExtension finds it: external
 * endpoints when TRACE_*_URL are set, else the local stack (reused when running, started otherwise
 * and then stopped at the end), and the IT database migrated with the sink's schema.
 */
public class ApiStackResource implements QuarkusTestResourceLifecycleManager {
  private LocalStack stack;
  private List<String> started = List.of();

  /** The endpoints the app was pointed at, for the same resolution in test code. */
  public static StackEndpoints endpoints() {
    StackSettings settings = StackSettings.forTests(RepositoryHome.find());
    return StackEndpoints.external(System::getenv, settings)
        .orElseGet(() -> StackEndpoints.of(settings));
  }

  @Override
  public Map<String, String> start() {
    StackSettings settings = StackSettings.forTests(RepositoryHome.find());
    if (StackEndpoints.external(System::getenv, settings).isEmpty()) {
      stack = LocalStack.of(settings);
      try {
        started = stack.up(Progress.printingTo(System.out)).started();
      } catch (Exception e) {
        throw new IllegalStateException("The local stack did not start: " + e.getMessage(), e);
      }
    }
    StackEndpoints endpoints = endpoints();
    try {
      new TraceDatabase(endpoints, TraceDatabase.NAME).migrate();
    } catch (Exception e) {
      throw new IllegalStateException("Could not migrate " + TraceDatabase.NAME, e);
    }
    ensureTopic(endpoints, VIOLATIONS_TOPIC);
    String host = endpoints.clickhouseUrl().replaceFirst("^https?://", "");
    return Map.ofEntries(
        entry("quarkus.datasource.jdbc.url", "jdbc:clickhouse:http://" + host),
        entry("quarkus.datasource.username", endpoints.clickhouseUser()),
        entry("quarkus.datasource.password", endpoints.clickhousePassword()),
        entry("api.database", TraceDatabase.NAME),
        entry("api.genealogy.closure-state-check-interval", "PT1S"),
        entry("api.stream.bootstrap-servers", endpoints.kafkaBootstrap()),
        entry("api.stream.registry-url", endpoints.registryUrl()),
        // The stack's development identity; the tests mint their tokens with its private key.
        entry(
            "mp.jwt.verify.publickey.location", Tokens.identity().verificationKeyFile().toString()),
        // The stack's development checkpoint signer, as ServiceProcess gives it.
        entry(
            "api.anchor.public-keys." + CheckpointKeys.KEY_ID,
            CheckpointKeys.in(settings.authDir()).verificationKeyFile().toString()),
        // A plant with a shift calendar of its own (ShiftCalendarContemporaneityIT); every other
        // plant keeps the default.
        entry("api.plants." + CALENDAR_PLANT + ".time-zone", "Europe/London"),
        entry("api.plants." + CALENDAR_PLANT + ".shift-starts", "07:30,15:30,23:30"));
  }

  /** The plant the ITs' app has a shift calendar for. */
  public static final String CALENDAR_PLANT = "P9";

  /** The gate's violation topic, from the topic registry. */
  public static final String VIOLATIONS_TOPIC = TraceTopic.VIOLATIONS.topicName();

  /** Makes sure the topic exists as the registry declares it (the stack creates it at up). */
  static void ensureTopic(StackEndpoints endpoints, String topic) {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", endpoints.kafkaBootstrap()))) {
      TopicProvisioner.ensure(
          admin, List.of(TraceTopic.named(topic).orElseThrow()), java.time.Duration.ofSeconds(30));
    } catch (Exception e) {
      throw new IllegalStateException("Could not create " + topic, e);
    }
  }

  @Override
  public void stop() {
    if (stack != null && !started.isEmpty()) {
      try {
        stack.stop(started, Progress.printingTo(System.out));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
