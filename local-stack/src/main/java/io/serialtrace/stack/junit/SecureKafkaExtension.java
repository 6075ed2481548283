package io.serialtrace.stack.junit;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.component.KafkaBroker;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 *   <li>Started once per test JVM if not running, healed before each test class, stopped at the
 *       JVM's end when this extension started it; a broker left running (e.g. a killed test JVM) is
 *       reused ({@link StackExtension}).
 * </ul>
 */
public final class SecureKafkaExtension extends StackExtension<SecureKafka> {
  /** How far the secure broker's ports are from the stack's Kafka ports. */
  public static final int PORT_OFFSET = 2;

  private final StackSettings settings =
      secureSettings(StackSettings.forTests(RepositoryHome.find()));

  public SecureKafkaExtension() {
    super(SecureKafka.class);
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

  @Override
  Optional<LocalStack> stack() {
    return Optional.of(
        new LocalStack(settings, List.of(new KafkaBroker(settings, KafkaSecurity.SASL_SCRAM))));
  }

  @Override
  SecureKafka parameter() {
    return new SecureKafka(
        "127.0.0.1:" + settings.port(StackSetting.KAFKA_PORT), KafkaCredentials.of(settings));
  }

  @Override
  String description() {
    return "The secure Kafka broker (" + settings.stateDir() + ")";
  }
}
