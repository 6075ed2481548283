package io.serialtrace.stack.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttCredentialsTest {

  @Test
  void keepsOneOwnerOnlyPasswordPerUserAndReturnsTheSameOneAgain(@TempDir Path state)
      throws Exception {
    // 1. A device's password is made on first use, in secrets/mqtt, readable by the owner only.
    MqttCredentials credentials = MqttCredentials.in(state);
    String first = credentials.passwordOf("torque-tool-7");
    Path file = state.resolve("secrets/mqtt/torque-tool-7.password");

    // 2. Same password when asked again (also from a fresh instance); another user gets another.
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(MqttCredentials.in(state).passwordOf("torque-tool-7")).isEqualTo(first);
    assertThat(credentials.passwordOf("torque-tool-21")).isNotEqualTo(first).hasSize(48);
  }

  @Test
  void writesMosquittoPbkdf2Sha512LinesThatVerifyTheRealPasswordOnly(@TempDir Path state)
      throws Exception {
    // 1. The password file has a $7$ line per user: devices, ingest and the probe.
    MqttCredentials credentials = MqttCredentials.in(state);
    String file = credentials.passwordFile();
    assertThat(file.lines().map(l -> l.substring(0, l.indexOf(':'))))
        .containsAll(DevPlantFloor.deviceIds())
        .contains(MqttCredentials.INGEST_USER, MqttCredentials.PROBE_USER);

    // 2. The line of torque-tool-7 is PBKDF2-HMAC-SHA512 over its password with the stated salt
    //    and rounds, and not over another password.
    String line =
        file.lines().filter(l -> l.startsWith("torque-tool-7:")).findFirst().orElseThrow();
    String[] parts = line.substring(line.indexOf(':') + 1).split("\\$");
    assertThat(parts[1]).isEqualTo("7");
    int rounds = Integer.parseInt(parts[2]);
    byte[] salt = Base64.getDecoder().decode(parts[3]);
    byte[] hash = Base64.getDecoder().decode(parts[4]);
    assertThat(pbkdf2(credentials.passwordOf("torque-tool-7"), salt, rounds)).isEqualTo(hash);
    assertThat(pbkdf2("not-the-password", salt, rounds)).isNotEqualTo(hash);
  }

  @Test
  void letsEachDeviceWriteOnlyItsOwnTopicAndIngestOnlyRead() {
    // 1. The ACL names each device's own readings topic for that device only.
    String acl = MqttCredentials.aclFile();
    assertThat(acl)
        .contains("user torque-tool-7\ntopic write plants/+/devices/torque-tool-7/measurements\n")
        .contains("user ingest\ntopic read plants/#\n")
        .doesNotContain("readwrite plants")
        .doesNotContain("pattern");
  }

  private static byte[] pbkdf2(String password, byte[] salt, int rounds) throws Exception {
    return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
        .generateSecret(new PBEKeySpec(password.toCharArray(), salt, rounds, 512))
        .getEncoded();
  }
}
