package io.serialtrace.stack.junit;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests the real infrastructure as {@link StackEndpoints} (constructor, lifecycle
 * or test method parameter).
 *
 * <ul>
 *   <li>When every {@code TRACE_KAFKA_BOOTSTRAP}, {@code TRACE_REGISTRY_URL}, {@code
 *       TRACE_CLICKHOUSE_URL}, {@code TRACE_PG_URL}, {@code TRACE_MQTT_URL} is set, those are used
 *       and nothing is started.
 *   <li>Otherwise the local stack is reused if it runs ({@code ./trace up}, as {@code ./trace test}
 *       does once per build), or started once per test JVM and stopped at its end — only the
 *       components this extension started.
 *   <li>{@code TRACE_STACK_COMPONENTS=clickhouse,postgres} narrows what is started.
 * </ul>
 */
public final class LocalStackExtension implements BeforeAllCallback, ParameterResolver {
  /** Comma-separated component names to start; all when unset. */
  public static final String COMPONENTS = "TRACE_STACK_COMPONENTS";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalStackExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == StackEndpoints.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context).endpoints();
  }

  private static AcquiredStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(AcquiredStack.class, key -> AcquiredStack.acquire(), AcquiredStack.class);
  }

  /** The stack held for the whole test JVM; closing it stops only what it started. */
  static final class AcquiredStack implements AutoCloseable {
    private final StackEndpoints endpoints;
    private final LocalStack stack;
    private final List<String> started;

    private AcquiredStack(StackEndpoints endpoints, LocalStack stack, List<String> started) {
      this.endpoints = endpoints;
      this.stack = stack;
      this.started = started;
    }

    static AcquiredStack acquire() {
      StackSettings settings = StackSettings.fromEnvironment(RepositoryHome.find());
      var external = StackEndpoints.external(System::getenv, settings);
      if (external.isPresent()) {
        return new AcquiredStack(external.get(), null, List.of());
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
      try {
        LocalStack.UpResult result = stack.up(Progress.printingTo(System.out));
        return new AcquiredStack(StackEndpoints.of(settings), stack, result.started());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("The local stack did not start: " + e.getMessage(), e);
      }
    }

    StackEndpoints endpoints() {
      return endpoints;
    }

    @Override
    public void close() throws Exception {
      if (stack != null && !started.isEmpty()) {
        stack.stop(started, Progress.printingTo(System.out));
      }
    }
  }
}
