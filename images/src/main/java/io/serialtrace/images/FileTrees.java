package io.serialtrace.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Small file-tree helpers for the builder's cache and work folders. */
final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code root} and everything under it (symbolic links are deleted, not followed). */
  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path path : paths) {
      Files.delete(path);
    }
  }

  /** Every regular file and symbolic link under {@code root}, in a stable (sorted) order. */
  static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(
              path ->
                  Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                      || Files.isSymbolicLink(path))
          .sorted()
          .toList();
    }
  }

  /** Deletes the folders beside {@code kept} whose names start with {@code prefix}: old caches. */
  static void deleteSiblings(Path kept, String prefix) throws IOException {
    List<Path> stale;
    try (Stream<Path> siblings = Files.list(kept.getParent())) {
      stale =
          siblings
              .filter(path -> path.getFileName().toString().startsWith(prefix))
              .filter(path -> !path.equals(kept))
              .toList();
    }
    for (Path path : stale) {
      deleteRecursively(path);
    }
  }
}
