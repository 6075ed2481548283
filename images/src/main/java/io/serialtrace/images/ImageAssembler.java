package io.serialtrace.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Packs one service into an OCI image tarball with jib-core, from scratch (no base image, so no
 * registry): four layers ordered from the least to the most often changed, so a registry and a node
 * keep the first two once for all four services.
 *
 * <ol>
 *   <li>{@code java-runtime}: the jlink runtime at {@code /opt/java};
 *   <li>{@code os-files}: Debian's shared libraries, {@code /etc/passwd|group|nsswitch.conf}, the
 *       dpkg status entries, and a {@code /tmp} owned by the service user;
 *   <li>{@code dependencies}: {@code quarkus-app/lib/} (third-party jars, change with versions);
 *   <li>{@code application}: the service's own jar, Quarkus' generated classes and {@code
 *       quarkus-run.jar}.
 * </ol>
 */
final class ImageAssembler {
  /** Where the runtime lives in the image; the entrypoint starts its {@code bin/java}. */
  static final String JAVA_HOME = "/opt/java";

  /** The fast-jar folder in the image, and the working directory. */
  static final String APP = "/app";

  /** Jib's own fixed timestamp: identical inputs give identical layer digests (reproducible). */
  private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

  private static final String ROOT_OWNER = "0:0";

  private final Path repository;
  private final JavaRuntimeLayer runtime;
  private final OsFiles.Staged os;
  private final BuildInfo info;
  private final Path jibCache;
  private final Path emptyFolder;
  private final ExecutorService executor;

  /** The runtime folder with the version and module count that go into a label. */
  record JavaRuntimeLayer(Path folder, String version) {}

  /**
   * @param version the image tag and {@code org.opencontainers.image.version}
   * @param revision the source revision ({@code git} commit) or {@code unknown}
   * @param created the image creation time: the commit time, so a rebuild of the same commit is
   *     byte-identical
   */
  record BuildInfo(String version, String revision, Instant created) {}

  ImageAssembler(
      Path repository,
      JavaRuntimeLayer runtime,
      OsFiles.Staged os,
      BuildInfo info,
      Path workFolder,
      ExecutorService executor)
      throws IOException {
    this.repository = repository;
    this.runtime = runtime;
    this.os = os;
    this.info = info;
    this.jibCache = workFolder.resolve("jib-cache");
    this.emptyFolder = Files.createDirectories(workFolder.resolve("empty-folder"));
    this.executor = executor;
  }

  /** The full image reference written into the tarball. */
  String reference(ServiceImage service) {
    return "serialtrace/" + service.name() + ":" + info.version();
  }

  /** The entrypoint: the JVM sized from the container's memory limit, then the fast-jar. */
  static List<String> entrypoint(ServiceImage service) {
    return List.of(
        JAVA_HOME + "/bin/java",
        "-XX:MaxRAMPercentage=" + service.maxRamPercentage(),
        "-XX:+ExitOnOutOfMemoryError",
        "-Djava.io.tmpdir=/tmp",
        "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
        "-jar",
        APP + "/quarkus-run.jar");
  }

  /** Builds {@code service}'s image into {@code tarball}; returns what jib reports (digests). */
  JibContainer build(ServiceImage service, Path tarball) throws Exception {
    Path app = service.quarkusApp(repository);
    if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
      throw new IOException(
          app.resolve("quarkus-run.jar")
              + " is missing: build it with ./mvnw -B -ntp -pl "
              + service.module()
              + " -am package -DskipTests (./trace images does)");
    }
    int port = service.httpPort(repository);
    Files.createDirectories(tarball.getParent());
    var container =
        Jib.fromScratch()
            .setFormat(ImageFormat.OCI)
            .addFileEntriesLayer(tree("java-runtime", runtime.folder(), JAVA_HOME))
            .addFileEntriesLayer(osLayer())
            .addFileEntriesLayer(tree("dependencies", app.resolve("lib"), APP + "/lib"))
            .addFileEntriesLayer(applicationLayer(app))
            .setUser(OsFiles.APP_UID + ":" + OsFiles.APP_UID)
            .setEntrypoint(entrypoint(service))
            .setProgramArguments(List.of())
            .setExposedPorts(Port.tcp(port))
            .setWorkingDirectory(AbsoluteUnixPath.get(APP))
            .setEnvironment(
                Map.of("JAVA_HOME", JAVA_HOME, "PATH", JAVA_HOME + "/bin", "LANG", "C.UTF-8"))
            .setLabels(labels(service))
            .setCreationTime(info.created());
    Files.deleteIfExists(tarball);
    return container.containerize(
        Containerizer.to(TarImage.at(tarball).named(reference(service)))
            .setApplicationLayersCache(jibCache)
            .setBaseImageLayersCache(jibCache.resolve("base"))
            .setOfflineMode(true)
            .setExecutorService(executor)
            .setToolName("serialtrace-images")
            .setToolVersion(info.version()));
  }

  private Map<String, String> labels(ServiceImage service) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("org.opencontainers.image.title", "serialtrace-" + service.name());
    labels.put("org.opencontainers.image.description", service.description());
    labels.put("org.opencontainers.image.version", info.version());
    labels.put("org.opencontainers.image.revision", info.revision());
    labels.put("org.opencontainers.image.created", info.created().toString());
    labels.put("org.opencontainers.image.vendor", "serialtrace");
    labels.put("org.opencontainers.image.ref.name", info.version());
    labels.put("org.opencontainers.image.base.name", "scratch");
    labels.put(
        "io.serialtrace.image.java-runtime",
        "jlink " + runtime.version() + ": " + String.join(",", JavaRuntime.MODULES));
    StringBuilder packages = new StringBuilder();
    os.packageVersions()
        .forEach(
            (name, version) ->
                packages
                    .append(packages.isEmpty() ? "" : ",")
                    .append(name)
                    .append('=')
                    .append(version));
    labels.put("io.serialtrace.image.debian-packages", packages.toString());
    return labels;
  }

  private FileEntriesLayer osLayer() throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("os-files");
    addTree(layer, os.root(), "");
    // Writable scratch space for the service user even without a mounted volume (the chart mounts
    // an emptyDir here, as the root file system is read-only).
    layer.addEntry(
        emptyFolder,
        AbsoluteUnixPath.get("/tmp"),
        FilePermissions.fromOctalString("755"),
        FILE_TIME,
        OsFiles.APP_UID + ":" + OsFiles.APP_UID);
    return layer.build();
  }

  private FileEntriesLayer applicationLayer(Path app) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName("application");
    addTree(layer, app.resolve("app"), APP + "/app");
    addTree(layer, app.resolve("quarkus"), APP + "/quarkus");
    for (String file : List.of("quarkus-run.jar", "quarkus-app-dependencies.txt")) {
      Path source = app.resolve(file);
      if (Files.isRegularFile(source)) {
        layer.addEntry(
            source,
            AbsoluteUnixPath.get(APP + "/" + file),
            permissions(source),
            FILE_TIME,
            ROOT_OWNER);
      }
    }
    return layer.build();
  }

  private static FileEntriesLayer tree(String name, Path folder, String target) throws IOException {
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
    addTree(layer, folder, target);
    return layer.build();
  }

  /**
   * Adds every file under {@code folder} at {@code target}, root-owned, keeping the exec bit;
   * symbolic links become copies of what they name (jib layers hold plain files).
   */
  private static void addTree(FileEntriesLayer.Builder layer, Path folder, String target)
      throws IOException {
    Path realFolder = folder.toRealPath();
    for (Path file : FileTrees.files(folder)) {
      // jlink's legal/ notices are links to java.base's: the layer holds a copy of the content.
      Path source = file.toRealPath();
      if (!source.startsWith(realFolder) || !Files.isRegularFile(source)) {
        throw new IOException(file + " links outside " + folder + " or to no file: " + source);
      }
      String relative = folder.relativize(file).toString().replace('\\', '/');
      layer.addEntry(
          source,
          AbsoluteUnixPath.get(target + "/" + relative),
          permissions(file),
          FILE_TIME,
          ROOT_OWNER);
    }
  }

  /** 755 for executables (the JVM's launchers, the dynamic loader), 644 for everything else. */
  private static FilePermissions permissions(Path file) throws IOException {
    boolean executable =
        Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
    return FilePermissions.fromOctalString(executable ? "755" : "644");
  }
}
