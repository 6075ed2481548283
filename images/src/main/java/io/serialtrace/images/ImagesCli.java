package io.serialtrace.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./trace images}: builds the OCI image tarballs of the four services ({@code
 * <output>/<service>.tar}) without a container engine and without a registry. Needs the services'
 * {@code quarkus-app/} folders (the {@code trace} script builds missing ones first), a JDK with
 * {@code jlink}, and {@code apt-get}/{@code dpkg-deb} (Debian's packages are the one download).
 *
 * <pre>
 * ImagesCli [--repository DIR] [--output DIR] [--cache DIR] [--jdk DIR] [--version V] [service...]
 * </pre>
 */
public final class ImagesCli {
  private static final Pattern PARENT_VERSION =
      Pattern.compile(
          "<artifactId>trace-parent</artifactId>\\s*<version>([^<]+)</version>", Pattern.DOTALL);

  private ImagesCli() {}

  /** Parsed command line. */
  record Options(
      Path repository,
      Path output,
      Path cache,
      Path jdk,
      String version,
      List<ServiceImage> only) {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("[images] " + e.getMessage());
      System.err.println(
          "usage: ImagesCli [--repository DIR] [--output DIR] [--cache DIR] [--jdk DIR]"
              + " [--version V] [ingest|gating-streams|genealogy-sink|trace-api ...]");
      System.exit(2);
      return;
    }
    Progress progress = line -> System.err.println("[images] " + line);
    build(options, progress);
  }

  /** Builds the images {@code options} name; returns the tarballs written. */
  static List<Path> build(Options options, Progress progress) throws Exception {
    Instant start = Instant.now();
    Files.createDirectories(options.cache());
    Path runtimeFolder = JavaRuntime.ensure(options.jdk(), options.cache(), progress);
    var runtime =
        new ImageAssembler.JavaRuntimeLayer(runtimeFolder, JavaRuntime.version(runtimeFolder));
    OsFiles.Staged os = OsFiles.ensure(options.cache(), progress);
    ImageAssembler.BuildInfo info = buildInfo(options.repository(), options.version());
    List<Path> written = new ArrayList<>();
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      ImageAssembler assembler =
          new ImageAssembler(options.repository(), runtime, os, info, options.cache(), executor);
      for (ServiceImage service : options.only()) {
        Instant begin = Instant.now();
        Path tarball = options.output().resolve(service.name() + ".tar");
        progress.report(service.name() + ": packing " + assembler.reference(service));
        var container = assembler.build(service, tarball);
        progress.report(
            String.format(
                Locale.ROOT,
                "%s: %s, %.1f MB, %s, %.1f s",
                service.name(),
                tarball,
                Files.size(tarball) / 1_000_000.0,
                container.getDigest(),
                Duration.between(begin, Instant.now()).toMillis() / 1000.0));
        written.add(tarball);
      }
    } finally {
      executor.shutdownNow();
    }
    progress.report(
        String.format(
            Locale.ROOT,
            "%d image(s) in %s, %.1f s",
            written.size(),
            options.output(),
            Duration.between(start, Instant.now()).toMillis() / 1000.0));
    return written;
  }

  static Options parse(String[] args) {
    Path repository = Path.of("").toAbsolutePath();
    Path output = null;
    Path cache = null;
    Path jdk = Path.of(System.getProperty("java.home"));
    String version = null;
    List<ServiceImage> only = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--repository" -> repository = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--output" -> output = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--cache" -> cache = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--jdk" -> jdk = Path.of(value(args, ++i, arg)).toAbsolutePath();
        case "--version" -> version = value(args, ++i, arg);
        default ->
            only.add(
                ServiceImage.named(arg)
                    .orElseThrow(
                        () -> new IllegalArgumentException("unknown service '" + arg + "'")));
      }
    }
    return new Options(
        repository,
        output != null ? output : repository.resolve("images/target/images"),
        cache != null ? cache : repository.resolve(".cache/images"),
        jdk,
        version != null ? version : parentVersion(repository),
        only.isEmpty() ? ServiceImage.ALL : List.copyOf(only));
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  /** The project version from the root pom (the one place for every version). */
  private static String parentVersion(Path repository) {
    try {
      Matcher matcher = PARENT_VERSION.matcher(Files.readString(repository.resolve("pom.xml")));
      if (matcher.find()) {
        return matcher.group(1).trim();
      }
      throw new IllegalArgumentException(repository + "/pom.xml names no trace-parent version");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + repository + "/pom.xml: " + e);
    }
  }

  /** The commit and its time, so images of one commit are identical; "unknown" outside git. */
  private static ImageAssembler.BuildInfo buildInfo(Path repository, String version) {
    try {
      String[] commit =
          Commands.run(
                  List.of("git", "-C", repository.toString(), "log", "-1", "--format=%H %ct"),
                  repository,
                  Duration.ofSeconds(30))
              .strip()
              .split(" ");
      return new ImageAssembler.BuildInfo(
          version, commit[0], Instant.ofEpochSecond(Long.parseLong(commit[1])));
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return new ImageAssembler.BuildInfo(version, "unknown", Instant.EPOCH);
    }
  }
}
