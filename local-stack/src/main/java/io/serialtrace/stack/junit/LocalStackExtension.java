package io.serialtrace.stack.junit;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.util.Arrays;
import java.util.Optional;

/**
 * Gives integration tests the real infrastructure as {@link StackEndpoints} (constructor, lifecycle
 * or test method parameter).
 *
 * <ul>
 *   <li>When every {@code TRACE_KAFKA_BOOTSTRAP}, {@code TRACE_REGISTRY_URL}, {@code
 *       TRACE_CLICKHOUSE_URL}, {@code TRACE_PG_URL}, {@code TRACE_MQTT_URL} is set, those are used
 *       and nothing is started.
 *   <li>Otherwise the local stack of the settings — the <em>test</em> stack, since the build sets
 *       {@code TRACE_STACK=test} for every test JVM: its own state folder and ports, never the
 *       demo's — is reused if it runs ({@code ./trace test} starts it once per build) or started
 *       once per test JVM, and healed before each test class ({@link StackExtension}).
 *   <li>{@code TRACE_STACK_COMPONENTS=clickhouse,postgres} narrows what is started.
 * </ul>
 */
public final class LocalStackExtension extends StackExtension<StackEndpoints> {
  /** Comma-separated component names to start; all when unset. */
  public static final String COMPONENTS = "TRACE_STACK_COMPONENTS";

  private final StackSettings settings = StackSettings.forTests(RepositoryHome.find());

  public LocalStackExtension() {
    super(StackEndpoints.class);
  }

  @Override
  Optional<LocalStack> stack() {
    if (StackEndpoints.external(System::getenv, settings).isPresent()) {
      return Optional.empty();
    }
    if (KafkaSecurity.remembered(settings) != KafkaSecurity.PLAINTEXT) {
      throw new IllegalStateException(
          "The local stack's Kafka in "
              + settings.dataDir("kafka")
              + " is secure (./trace up --secure); the tests need the plaintext stack (the"
              + " security ITs start their own secure broker): ./trace down, rm -rf "
              + settings.dataDir("kafka")
              + ", then ./trace test");
    }
    LocalStack stack = LocalStack.of(settings);
    String only = System.getenv(COMPONENTS);
    if (only != null && !only.isBlank()) {
      stack = stack.only(Arrays.stream(only.split(",")).map(String::trim).toList());
    }
    return Optional.of(stack);
  }

  @Override
  StackEndpoints parameter() {
    return StackEndpoints.external(System::getenv, settings)
        .orElseGet(() -> StackEndpoints.of(settings));
  }

  @Override
  String description() {
    return "The local stack (" + settings.stateDir() + ")";
  }
}
