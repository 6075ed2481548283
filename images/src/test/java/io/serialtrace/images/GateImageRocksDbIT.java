package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's image can open its state stores: RocksDB's native library loads with the image's own
 * C++ runtime and writes under {@code /tmp} as uid 10001 on a read-only root. (The gate itself is
 * not started here: on the shared stack it would consume and re-emit other tests' events.) The
 * probe class comes from this module's test classes, mounted read-only at {@code /probe}. No stack
 * is involved, hence no LocalStackExtension.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GateImageRocksDbIT {

  @Test
  void gateImageOpensARocksDbStoreAsUser10001(@TempDir Path work) throws Exception {
    assumeTrue(
        ImageSandbox.available(), "needs root and util-linux unshare for mount namespaces, chroot");

    // 1. unpack the gate's image and mount the probe class read-only
    ImageSandbox sandbox =
        ImageSandbox.unpack(OciImage.of(ServiceImage.named("gating-streams").orElseThrow()), work);
    Path testClasses =
        Path.of(RocksDbProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    sandbox.bindReadOnly(testClasses, "/probe");
    String rocksDbJar;
    try (Stream<Path> jars = Files.list(work.resolve("rootfs/app/lib/main"))) {
      rocksDbJar =
          jars.map(jar -> jar.getFileName().toString())
              .filter(name -> name.startsWith("org.rocksdb.rocksdbjni-"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("the gate's image has no rocksdbjni jar"));
    }

    // 2. run the image's java on the probe: the JNI library is extracted to /tmp and loaded
    Map<String, String> environment = sandbox.imageEnvironment();
    Path log = work.resolve("probe.log");
    Process process =
        sandbox.start(
            List.of(
                "/opt/java/bin/java",
                "-Xmx128m",
                "-Djava.io.tmpdir=/tmp",
                "-cp",
                "/probe:/app/lib/main/" + rocksDbJar,
                RocksDbProbe.class.getName(),
                "/tmp/gate-store"),
            environment,
            log);
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("probe finished").isTrue();

      // 3. it exits 0 having read back what it wrote
      assertThat(process.exitValue()).as(ImageSandbox.tail(log)).isZero();
      assertThat(Files.readString(log)).contains("rocksdb read SN-1");
    } finally {
      ImageSandbox.stop(process);
    }
  }
}
