package io.serialtrace.stack.junit;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.component.KafkaBroker;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives security integration tests a second, secure Kafka broker as a {@link SecureKafka}
 * parameter, beside the plaintext stack every other test uses ({@code ./trace test} keeps its stack
 * plaintext). The broker is the real {@link KafkaBroker} in {@link KafkaSecurity#SASL_SCRAM} mode:
 * SCRAM-SHA-512, StandardAuthorizer, the ACLs of {@code ServiceAccess}.
 *
 * <ul>
 *   <li>Ports: the stack's {@code TRACE_KAFKA_PORT} + 2 and {@code TRACE_KAFKA_CONTROLLER_PORT} +
 *       2, so each developer's port file moves it along with the rest of their stack.
 *   <li>State: its own folder, {@code <state>/secure} (data, logs, PID file, passwords), never the
 *       main stack's.
 *   <li>Started once per test JVM if not running, stopped at the JVM's end when this extension
 *       started it; a broker left running (e.g. a killed test JVM) is reused.
 * </ul>
 */
public final class SecureKafkaExtension implements BeforeAllCallback, ParameterResolver {
  /** How far the secure broker's ports are from the stack's Kafka ports. */
  public static final int PORT_OFFSET = 2;

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SecureKafkaExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SecureKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context).kafka();
  }

  /** The secure broker's settings derived from the stack's: ports + 2, state under secure/. */
  public static StackSettings secureSettings(StackSettings stack) {
    return stack.with(
        Map.of(
            StackSetting.KAFKA_PORT,
            Integer.toString(stack.port(StackSetting.KAFKA_PORT) + PORT_OFFSET),
            StackSetting.KAFKA_CONTROLLER_PORT,
            Integer.toString(stack.port(StackSetting.KAFKA_CONTROLLER_PORT) + PORT_OFFSET),
            StackSetting.STATE_DIR,
            Path.of(stack.get(StackSetting.STATE_DIR)).resolve("secure").toString()));
  }

  private static AcquiredBroker broker(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(
            AcquiredBroker.class, key -> AcquiredBroker.acquire(), AcquiredBroker.class);
  }

  /** The broker held for the whole test JVM; closing it stops it only if this JVM started it. */
  static final class AcquiredBroker implements AutoCloseable {
    private final SecureKafka kafka;
    private final LocalStack stack;
    private final List<String> started;

    private AcquiredBroker(SecureKafka kafka, LocalStack stack, List<String> started) {
      this.kafka = kafka;
      this.stack = stack;
      this.started = started;
    }

    static AcquiredBroker acquire() {
      StackSettings settings = secureSettings(StackSettings.fromEnvironment(RepositoryHome.find()));
      LocalStack stack =
          new LocalStack(settings, List.of(new KafkaBroker(settings, KafkaSecurity.SASL_SCRAM)));
      try {
        LocalStack.UpResult result = stack.up(Progress.printingTo(System.out));
        SecureKafka kafka =
            new SecureKafka(
                "127.0.0.1:" + settings.port(StackSetting.KAFKA_PORT),
                KafkaCredentials.of(settings));
        return new AcquiredBroker(kafka, stack, result.started());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(
            "The secure Kafka broker did not start: " + e.getMessage(), e);
      }
    }

    SecureKafka kafka() {
      return kafka;
    }

    @Override
    public void close() throws Exception {
      if (!started.isEmpty()) {
        stack.stop(started, Progress.printingTo(System.out));
      }
    }
  }
}
