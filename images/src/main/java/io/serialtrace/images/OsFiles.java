package io.serialtrace.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The operating-system files under the Java runtime, and nothing else: the shared libraries of
 * Debian's {@code libc6}, {@code libgcc-s1}, {@code libstdc++6} and {@code zlib1g} (downloaded with
 * {@code apt-get download}, unpacked with {@code dpkg-deb -x}: no shell, no package manager, no
 * binaries), their copyright files, a dpkg status entry per package so image scanners see the
 * versions, {@code /etc/passwd} and {@code /etc/group} with the non-root user, and {@code
 * /etc/nsswitch.conf} so host names resolve through {@code /etc/hosts} then DNS.
 *
 * <p>The JDK's own native code needs only glibc (its zlib is bundled); RocksDB's JNI library (the
 * gate's state stores) also needs libstdc++ and libgcc_s, and zstd/snappy/lz4 JNI libraries that
 * Kafka clients extract at run time link against the same.
 */
final class OsFiles {
  /** Debian packages whose shared libraries go into every image. */
  static final List<String> PACKAGES = List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g");

  /** The non-root user (and group) the services run as: outside the host's usual 1000 range. */
  static final int APP_UID = 10001;

  /** Its user and group name. */
  static final String APP_USER = "trace";

  private static final String TRIPLET = "x86_64-linux-gnu";
  private static final Pattern SHARED_LIBRARY = Pattern.compile(".*\\.so(\\.[0-9]+)*");
  private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);

  /**
   * @param root the staged files, laid out as in the image (lib/, usr/, etc/, var/)
   * @param packageVersions Debian package name to the version packed
   */
  record Staged(Path root, Map<String, String> packageVersions) {}

  private OsFiles() {}

  /** Downloads (once) and stages the files; a second call with the same packages reuses both. */
  static Staged ensure(Path cache, Progress progress) throws IOException, InterruptedException {
    String architecture =
        Commands.run(List.of("dpkg", "--print-architecture"), cache, APT_TIMEOUT).strip();
    if (!architecture.equals("amd64")) {
      throw new IOException(
          "images are built for amd64 only (the JDK and the multiarch paths are x86_64); this"
              + " machine is "
              + architecture);
    }
    Path debs = cache.resolve("debs");
    Files.createDirectories(debs);
    Map<String, Path> packageFiles = new LinkedHashMap<>();
    for (String name : PACKAGES) {
      packageFiles.put(name, debFile(debs, name, progress));
    }
    Map<String, String> versions = new LinkedHashMap<>();
    for (var entry : packageFiles.entrySet()) {
      versions.put(
          entry.getKey(),
          Commands.run(
                  List.of("dpkg-deb", "-f", entry.getValue().toString(), "Version"),
                  debs,
                  APT_TIMEOUT)
              .strip());
    }
    String key =
        Integer.toHexString(
            (versions.toString() + APP_UID + APP_USER + OsFiles.class.getName()).hashCode());
    Path root = cache.resolve("os-root-" + key);
    if (Files.isDirectory(root)) {
      progress.report("os files: reusing " + root + " " + versions);
      return new Staged(root, versions);
    }
    progress.report("os files: unpacking " + versions);
    Path partial = cache.resolve(root.getFileName() + ".partial");
    FileTrees.deleteRecursively(partial);
    Path unpacked = partial.resolve("unpacked");
    Path staged = partial.resolve("root");
    for (var entry : packageFiles.entrySet()) {
      Path into = unpacked.resolve(entry.getKey());
      Files.createDirectories(into);
      Commands.run(
          List.of("dpkg-deb", "-x", entry.getValue().toString(), into.toString()),
          partial,
          APT_TIMEOUT);
      stagePackage(entry.getKey(), into, entry.getValue(), staged);
    }
    writeUserFiles(staged);
    Files.move(staged, root);
    FileTrees.deleteRecursively(partial);
    FileTrees.deleteSiblings(root, "os-root-");
    return new Staged(root, versions);
  }

  /**
   * The cached {@code .deb} of {@code name}, downloaded with {@code apt-get download} if absent.
   */
  private static Path debFile(Path debs, String name, Progress progress)
      throws IOException, InterruptedException {
    var cached = findDeb(debs, name);
    if (cached.isPresent()) {
      return cached.get();
    }
    progress.report("os files: apt-get download " + name);
    try {
      Commands.run(List.of("apt-get", "download", "-q", name), debs, APT_TIMEOUT);
    } catch (IOException firstTry) {
      // A fresh machine may have no package lists yet: refresh them once and try again.
      progress.report("os files: apt-get update (package lists missing or stale)");
      Commands.run(List.of("apt-get", "update", "-q"), debs, APT_TIMEOUT);
      Commands.run(List.of("apt-get", "download", "-q", name), debs, APT_TIMEOUT);
    }
    return findDeb(debs, name)
        .orElseThrow(
            () -> new IOException("apt-get download " + name + " left no .deb in " + debs));
  }

  private static java.util.Optional<Path> findDeb(Path debs, String name) throws IOException {
    try (Stream<Path> files = Files.list(debs)) {
      return files
          .filter(path -> path.getFileName().toString().startsWith(name + "_"))
          .filter(path -> path.getFileName().toString().endsWith(".deb"))
          .sorted()
          .reduce((first, second) -> second);
    }
  }

  /**
   * Copies a package's shared libraries (symbolic links resolved to their content, so the image
   * needs no links), the dynamic loader at the path every executable names, its copyright file and
   * its dpkg status entry.
   */
  private static void stagePackage(String name, Path unpacked, Path deb, Path staged)
      throws IOException, InterruptedException {
    for (String folder : List.of("lib/" + TRIPLET, "usr/lib/" + TRIPLET)) {
      Path dir = unpacked.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> children = Files.list(dir)) {
        for (Path child : children.sorted().toList()) {
          if (SHARED_LIBRARY.matcher(child.getFileName().toString()).matches()) {
            copyResolved(unpacked, child, staged.resolve(folder).resolve(child.getFileName()));
          }
        }
      }
    }
    Path loader = unpacked.resolve("lib64/ld-linux-x86-64.so.2");
    if (Files.exists(loader, LinkOption.NOFOLLOW_LINKS)) {
      copyResolved(unpacked, loader, staged.resolve("lib64/ld-linux-x86-64.so.2"));
    }
    Path copyright = unpacked.resolve("usr/share/doc").resolve(name).resolve("copyright");
    if (Files.isRegularFile(copyright)) {
      copyResolved(
          unpacked, copyright, staged.resolve("usr/share/doc").resolve(name + "/copyright"));
    }
    // distroless-style status entry: scanners (Trivy, Grype) read the package and version here.
    String control =
        Commands.run(List.of("dpkg-deb", "-f", deb.toString()), unpacked, APT_TIMEOUT).strip();
    Path status = staged.resolve("var/lib/dpkg/status.d").resolve(name);
    Files.createDirectories(status.getParent());
    Files.writeString(status, control + "\nStatus: install ok installed\n", StandardCharsets.UTF_8);
  }

  /** Copies the file {@code link} finally names, resolving links inside the unpacked package. */
  private static void copyResolved(Path unpacked, Path link, Path target) throws IOException {
    Path current = link;
    for (int hops = 0; Files.isSymbolicLink(current); hops++) {
      if (hops > 10) {
        throw new IOException("symbolic link loop at " + link);
      }
      Path next = Files.readSymbolicLink(current);
      current =
          next.isAbsolute()
              ? unpacked.resolve(next.toString().substring(1))
              : current.getParent().resolve(next).normalize();
    }
    if (!Files.isRegularFile(current, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(link + " names " + current + ", which the package does not contain");
    }
    Files.createDirectories(target.getParent());
    Files.copy(current, target, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * {@code /etc/passwd}, {@code /etc/group} (root and the service user, neither with a login shell:
   * the image has none) and {@code /etc/nsswitch.conf}.
   */
  private static void writeUserFiles(Path staged) throws IOException {
    Path etc = staged.resolve("etc");
    Files.createDirectories(etc);
    List<String> passwd = new ArrayList<>();
    passwd.add("root:x:0:0:root:/root:/sbin/nologin");
    passwd.add(
        APP_USER + ":x:" + APP_UID + ":" + APP_UID + ":serialtrace service:/app:/sbin/nologin");
    Files.write(etc.resolve("passwd"), passwd);
    Files.write(etc.resolve("group"), List.of("root:x:0:", APP_USER + ":x:" + APP_UID + ":"));
    Files.write(
        etc.resolve("nsswitch.conf"),
        List.of("passwd: files", "group: files", "hosts: files dns", "networks: files"));
  }
}
