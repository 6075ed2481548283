package io.serialtrace.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.junit.SecureKafkaExtension;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's mode is remembered per data folder; passwords are private and kept. */
class KafkaSecurityTest {

  @Test
  void modeIsUnknownUntilFormattedThenRemembered(@TempDir Path data) throws Exception {
    // 1. never formatted
    assertThat(KafkaSecurity.formattedIn(data)).isEmpty();

    // 2. formatted before modes were recorded: plaintext
    Files.createDirectories(data.resolve("logs"));
    Files.writeString(data.resolve("logs").resolve("meta.properties"), "node.id=1\n");
    assertThat(KafkaSecurity.formattedIn(data)).contains(KafkaSecurity.PLAINTEXT);

    // 3. the recorded mode wins
    Files.writeString(data.resolve(KafkaSecurity.MODE_FILE), "SASL_SCRAM\n");
    assertThat(KafkaSecurity.formattedIn(data)).contains(KafkaSecurity.SASL_SCRAM);
  }

  @Test
  void passwordsAreRandomPrivateAndKept(@TempDir Path home) throws Exception {
    StackSettings settings = StackSettings.from(home, name -> null);
    KafkaCredentials credentials = KafkaCredentials.of(settings);

    // 1. one password per principal: admin and each service
    credentials.createMissing();
    Map<String, String> first = new HashMap<>();
    for (String principal : KafkaCredentials.principals()) {
      first.put(principal, credentials.password(principal));
      Path file = credentials.dir().resolve(principal + ".password");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    assertThat(first.keySet()).containsExactlyInAnyOrder("admin", "ingest", "gate", "sink", "api");
    assertThat(first.values()).doesNotHaveDuplicates().allMatch(p -> p.length() >= 32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.dir())))
        .isEqualTo("rwx------");

    // 2. under the state folder, never in the repository's tracked files
    assertThat(credentials.dir()).startsWith(settings.stateDir());

    // 3. a second secure start keeps them (the broker's SCRAM credentials were formatted with them)
    credentials.createMissing();
    first.forEach(
        (principal, password) -> assertThat(credentials.password(principal)).isEqualTo(password));
  }

  @Test
  void secureTestBrokerTakesItsOwnPortsAndStateFolder() {
    StackSettings stack = StackSettings.from(Path.of("/opt/trace"), name -> null);
    StackSettings secure = SecureKafkaExtension.secureSettings(stack);

    // 1. ports two above the stack's Kafka ports, clashing with no default port of any setting
    int port = secure.port(StackSetting.KAFKA_PORT);
    int controller = secure.port(StackSetting.KAFKA_CONTROLLER_PORT);
    assertThat(port).isEqualTo(stack.port(StackSetting.KAFKA_PORT) + 2);
    assertThat(controller).isEqualTo(stack.port(StackSetting.KAFKA_CONTROLLER_PORT) + 2);
    assertThat(
            Arrays.stream(StackSetting.values())
                .filter(s -> s.name().endsWith("_PORT"))
                .map(stack::port))
        .doesNotContain(port, controller);

    // 2. its data, logs, PID file and passwords live apart from the stack's
    assertThat(secure.stateDir()).isEqualTo(stack.stateDir().resolve("secure"));
    assertThat(secure.dataDir("kafka")).isNotEqualTo(stack.dataDir("kafka"));
  }
}
