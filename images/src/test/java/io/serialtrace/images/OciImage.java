package io.serialtrace.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * An OCI image tarball read the way a registry or runtime reads it: {@code index.json} → manifest →
 * config and layers, by digest, from {@code blobs/sha256/}. Nothing here trusts the builder's own
 * classes, so the tests check the artifact, not the code that wrote it.
 */
record OciImage(
    Path tarball,
    JsonNode index,
    JsonNode manifest,
    JsonNode config,
    List<List<Entry>> layers,
    Map<String, String> etcFiles) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One file, folder or link of a layer, with what a runtime would create. */
  record Entry(String path, int mode, long uid, long gid, boolean directory, boolean link) {
    /** The file name (last path element). */
    String name() {
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
  }

  /** {@code images.dir} (set by failsafe) or the builder's default output folder. */
  static Path imagesFolder() {
    return Path.of(System.getProperty("images.dir", "target/images"));
  }

  /** Tarballs already read in this JVM: each is read (and its layers decompressed) once. */
  private static final Map<Path, OciImage> READ = new java.util.concurrent.ConcurrentHashMap<>();

  /** The tarball {@code ./trace images} and the package phase write for {@code service}. */
  static OciImage of(ServiceImage service) {
    return READ.computeIfAbsent(
        imagesFolder().resolve(service.name() + ".tar").toAbsolutePath(), OciImage::read);
  }

  static OciImage read(Path tarball) {
    try {
      Map<String, byte[]> blobs = new HashMap<>();
      try (var tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
          if (!entry.isDirectory()) {
            blobs.put(entry.getName(), tar.readAllBytes());
          }
        }
      }
      JsonNode index = JSON.readTree(required(blobs, "index.json", tarball));
      JsonNode manifest = JSON.readTree(blob(blobs, index.path("manifests").path(0), tarball));
      JsonNode config = JSON.readTree(blob(blobs, manifest.path("config"), tarball));
      List<List<Entry>> layers = new ArrayList<>();
      Map<String, String> etcFiles = new HashMap<>();
      for (JsonNode layer : manifest.path("layers")) {
        layers.add(entries(blob(blobs, layer, tarball), etcFiles));
      }
      return new OciImage(
          tarball, index, manifest, config, List.copyOf(layers), Map.copyOf(etcFiles));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tarball, e);
    }
  }

  /** Every entry of every layer, in layer order. */
  List<Entry> allEntries() {
    return layers.stream().flatMap(List::stream).toList();
  }

  /** The image's own configuration (the {@code config} object of the config blob). */
  JsonNode runConfig() {
    return config.path("config");
  }

  /** The gzip-compressed layer blobs' digests, in order (to unpack them). */
  List<String> layerDigests() {
    List<String> digests = new ArrayList<>();
    manifest.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
    return digests;
  }

  private static byte[] blob(Map<String, byte[]> blobs, JsonNode descriptor, Path tarball)
      throws IOException {
    String digest = descriptor.path("digest").asText();
    if (!digest.startsWith("sha256:")) {
      throw new IOException(tarball + ": descriptor without a sha256 digest: " + descriptor);
    }
    return required(blobs, "blobs/sha256/" + digest.substring("sha256:".length()), tarball);
  }

  private static byte[] required(Map<String, byte[]> blobs, String name, Path tarball)
      throws IOException {
    byte[] bytes = blobs.get(name);
    if (bytes == null) {
      throw new IOException(tarball + " has no " + name + " (entries: " + blobs.keySet() + ")");
    }
    return bytes;
  }

  /** Entries of one layer; the content of small files under /etc goes into {@code etcFiles}. */
  private static List<Entry> entries(byte[] gzippedLayer, Map<String, String> etcFiles)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzippedLayer));
        var tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
        if (path.startsWith("/etc/") && entry.isFile()) {
          etcFiles.put(path, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
        entries.add(
            new Entry(
                path,
                entry.getMode() & 07777,
                entry.getLongUserId(),
                entry.getLongGroupId(),
                entry.isDirectory(),
                entry.isSymbolicLink() || entry.isLink()));
      }
    }
    return entries;
  }
}
