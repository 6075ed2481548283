package io.serialtrace.stack.component;

import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's JVM: {@code kafka_2.13} and {@code slf4j-simple} from {@code local-stack/target/
 * stack-lib} (the module's runtime classpath), plus the module's classes for the SCRAM format step.
 */
final class KafkaJvm {
  private static final String NAME = KafkaBroker.NAME;

  // The machine also runs the registry, ClickHouse, Postgres and the tests.
  private static final List<String> BROKER_OPTIONS =
      List.of(
          "-Xms256m",
          "-Xmx1g",
          "-XX:+UseG1GC",
          "-XX:MaxGCPauseMillis=20",
          "-XX:+ExitOnOutOfMemoryError",
          "-Djava.awt.headless=true");

  // slf4j-simple: timestamps on every line, and a quieter config dump.
  private static final List<String> LOGGING_OPTIONS =
      List.of(
          "-Dorg.slf4j.simpleLogger.showDateTime=true",
          "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS",
          // Printed on every start: hundreds of lines that bury the useful ones.
          "-Dorg.slf4j.simpleLogger.log.org.apache.kafka.common.config.AbstractConfig=warn");

  private static final String TOOL_HEAP = "-Xmx256m";

  private final StackSettings settings;

  KafkaJvm(StackSettings settings) {
    this.settings = settings;
  }

  /** The broker itself, on {@code config}. */
  List<String> brokerCommand(Path config) {
    List<String> command = prefix(BROKER_OPTIONS);
    command.addAll(LOGGING_OPTIONS);
    command.addAll(List.of("kafka.Kafka", config.toString()));
    return command;
  }

  /** A short-lived tool ({@code StorageTool}, {@code ScramStorageFormat}) with a small heap. */
  List<String> toolCommand(List<String> mainClassAndArguments) {
    List<String> command = prefix(List.of(TOOL_HEAP));
    command.addAll(mainClassAndArguments);
    return command;
  }

  private List<String> prefix(List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(settings.javaCommand());
    command.addAll(jvmOptions);
    command.add("-cp");
    // The module's classes too: the SCRAM format step runs ScramStorageFormat from them.
    command.add(
        settings.moduleTarget().resolve("stack-lib")
            + "/*"
            + File.pathSeparator
            + settings.moduleTarget().resolve("classes"));
    return command;
  }

  /** The broker jar; throws saying how to build it when the module was not built. */
  Path brokerJar() throws IOException {
    Path lib = settings.moduleTarget().resolve("stack-lib");
    if (Files.isDirectory(lib)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "kafka_2.13-*.jar")) {
        for (Path jar : jars) {
          return jar;
        }
      }
    }
    throw new StackException(
        NAME
            + ": no kafka_2.13 jar in "
            + lib
            + "; build the local-stack module first: ./mvnw -pl local-stack -am package"
            + " -DskipTests");
  }
}
