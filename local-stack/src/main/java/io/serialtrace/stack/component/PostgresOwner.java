package io.serialtrace.stack.component;

import io.serialtrace.stack.Commands;
import io.serialtrace.stack.DebianPackages;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who owns and runs the cluster: the current user, or {@code postgres} through {@code setpriv} when
 * we are root (PostgreSQL refuses to run as root). {@code setpriv} switches user and execs without
 * forking, so the PID recorded at start is the postmaster's own.
 *
 * @param prefix what runs a command as the owner (empty: as ourselves)
 * @param chownTo the group files are given to, when they must change hands
 */
record PostgresOwner(String name, List<String> prefix, Optional<String> chownTo) {
  private static final String NAME = PostgresCluster.NAME;

  /** The user that owns the cluster when we are root; created by the Debian package. */
  private static final String SERVICE_USER = "postgres";

  /** The current user, or the service user (created if missing) when we are root. */
  static PostgresOwner resolve(StackSettings settings, Progress progress) throws IOException {
    String current = System.getProperty("user.name");
    if (!DebianPackages.runningAsRoot()) {
      return new PostgresOwner(current, List.of(), Optional.empty());
    }
    PostgresCommand entry = getent("passwd", SERVICE_USER);
    if (!entry.succeeded()) {
      progress.report(
          NAME, "creating the system user " + SERVICE_USER + " (PostgreSQL refuses root)");
      Commands.run(
          List.of(
              "useradd",
              "--system",
              "--user-group",
              "--no-create-home",
              "--home-dir",
              "/nonexistent",
              "--shell",
              "/usr/sbin/nologin",
              SERVICE_USER),
          settings.stateDir(),
          Map.of(),
          settings.logFile(NAME),
          Duration.ofSeconds(30));
      entry = getent("passwd", SERVICE_USER);
    }
    String[] fields = entry.output().split(":");
    if (fields.length < 4) {
      throw new StackException(
          "postgres: cannot read the user "
              + SERVICE_USER
              + " (getent passwd: "
              + entry.output()
              + ")");
    }
    String uid = fields[2];
    String gid = fields[3];
    PostgresCommand group = getent("group", gid);
    String groupName = group.succeeded() ? group.output().split(":")[0] : SERVICE_USER;
    return new PostgresOwner(
        SERVICE_USER,
        List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"),
        Optional.of(groupName));
  }

  private static PostgresCommand getent(String database, String key) throws IOException {
    return PostgresCommand.run(List.of("getent", database, key), Map.of());
  }

  /** {@code command} run as the owner. */
  List<String> command(List<String> command) {
    List<String> asOwner = new ArrayList<>(prefix);
    asOwner.addAll(command);
    return asOwner;
  }

  /** Gives {@code path} to the owner, when that is not us. */
  void own(Path path) throws IOException {
    if (chownTo.isPresent()) {
      var lookup = path.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(path, lookup.lookupPrincipalByName(name));
      Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setGroup(lookup.lookupPrincipalByGroupName(chownTo.get()));
    }
  }

  /** The owner must reach the folder through every parent, or initdb fails obscurely later. */
  void requireWritable(Path dir) throws IOException {
    if (prefix.isEmpty()) {
      return;
    }
    PostgresCommand result =
        PostgresCommand.run(
            command(List.of("/usr/bin/test", "-w", dir.toString(), "-a", "-x", dir.toString())),
            Map.of());
    if (!result.succeeded()) {
      throw new StackException(
          "postgres: PostgreSQL refuses to run as root, so it runs as the user '"
              + name
              + "', who cannot reach "
              + dir
              + " ("
              + (result.output().isEmpty() ? "no access" : result.output())
              + "). Give the parent folders o+x, or point "
              + StackSetting.STATE_DIR.environmentVariable()
              + " at an absolute folder that user can reach.");
    }
  }
}
