package io.serialtrace.stack.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The stack's secret and derived files, written safely while several JVMs (./trace, test JVMs)
 * prepare the same state folder at once.
 */
final class StackFiles {
  private StackFiles() {}

  /**
   * Writes {@code text} to {@code file}, owner-only, unless the file exists: a hard link fails when
   * the name exists (a rename would silently replace it), so the secret another JVM made meanwhile
   * stays — and what it already signed or handed out stays valid.
   */
  static void createOnce(Path file, String text) throws IOException {
    Path temporary =
        Files.createTempFile(
            file.getParent(),
            "secret-",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temporary, text);
    try {
      Files.createLink(file, temporary);
    } catch (FileAlreadyExistsException e) {
      // theirs won
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Makes {@code file} hold {@code text} (derived from a secret, so equal whoever writes it):
   * untouched when it already does, otherwise replaced atomically.
   */
  static void publish(Path file, String text) throws IOException {
    if (Files.isRegularFile(file) && Files.readString(file).equals(text)) {
      return;
    }
    Path temporary = Files.createTempFile(file.getParent(), "derived-", ".tmp");
    Files.writeString(temporary, text);
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
