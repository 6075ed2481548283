package io.serialtrace.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.images.OciImage.Entry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * What each image's layers hold: the runtime, the libraries and the application, and no shell or
 * other tool an intruder could use. Read from the OCI tarball the package phase wrote.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ImageContentsIT {
  static final List<ServiceImage> SERVICES = ServiceImage.ALL;

  /** Names of shells and shell-like multi-call binaries, wherever they might sit. */
  private static final Set<String> SHELLS =
      Set.of("sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "busybox");

  @ParameterizedTest
  @FieldSource("SERVICES")
  void containsNoShellInAnyLayer(ServiceImage service) {
    // 1. every entry of every layer
    List<Entry> entries = OciImage.of(service).allEntries();

    // 2. no shell by name, and no executable outside the Java runtime and the dynamic loader
    assertThat(entries).isNotEmpty();
    assertThat(entries).noneMatch(entry -> SHELLS.contains(entry.name()));
    assertThat(entries)
        .filteredOn(entry -> !entry.directory() && (entry.mode() & 0111) != 0)
        .allMatch(
            entry ->
                entry.path().startsWith("/opt/java/")
                    || entry.path().startsWith("/lib/x86_64-linux-gnu/")
                    || entry.path().startsWith("/lib64/")
                    || entry.path().startsWith("/usr/lib/x86_64-linux-gnu/"),
            "executable only inside the runtime or as a shared library");
    assertThat(entries).noneMatch(entry -> entry.path().matches("/(usr/)?s?bin/.*"));
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void holdsTheFastJarTheRuntimeAndItsLibraries(ServiceImage service) {
    // 1. the paths of every layer
    List<String> paths = OciImage.of(service).allEntries().stream().map(Entry::path).toList();

    // 2. what the entrypoint needs to start: launcher, loader, glibc, the runner jar and its libs
    assertThat(paths)
        .contains(
            "/opt/java/bin/java",
            "/opt/java/lib/server/libjvm.so",
            "/lib64/ld-linux-x86-64.so.2",
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/app/quarkus-run.jar",
            "/etc/passwd",
            "/etc/group");
    assertThat(paths).anyMatch(path -> path.startsWith("/app/lib/main/"));
    assertThat(paths).anyMatch(path -> path.matches("/app/app/.*\\.jar"));
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void isOwnedByRootExceptAWritableTmpForTheServiceUser(ServiceImage service) {
    // 1. every entry
    List<Entry> entries = OciImage.of(service).allEntries();

    // 2. the service user cannot change its own code; /tmp is its only writable place
    assertThat(entries)
        .filteredOn(entry -> !entry.path().matches("/tmp/?"))
        .allMatch(entry -> entry.uid() == 0 && entry.gid() == 0, "root-owned");
    assertThat(entries)
        .filteredOn(entry -> entry.path().matches("/tmp/?"))
        .singleElement()
        .satisfies(
            tmp -> {
              assertThat(tmp.directory()).isTrue();
              assertThat(tmp.uid()).isEqualTo(10001);
            });
  }

  @ParameterizedTest
  @FieldSource("SERVICES")
  void namesTheServiceUserInPasswdWithoutALoginShell(ServiceImage service) {
    // 1. /etc/passwd as the image carries it
    String passwd = OciImage.of(service).etcFiles().get("/etc/passwd");

    // 2. uid 10001 has a name (some libraries look the user up), and nobody has a shell
    assertThat(passwd).isNotNull();
    assertThat(passwd.lines())
        .contains("trace:x:10001:10001:serialtrace service:/app:/sbin/nologin");
    assertThat(passwd.lines()).allMatch(line -> line.endsWith(":/sbin/nologin"));
  }
}
