package io.serialtrace.sink.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The migrations shipped in {@code db/migration}, in the order {@code migrations.txt} lists. */
public final class Migrations {
  static final String FOLDER = "/db/migration/";

  private Migrations() {}

  public static List<Migration> shipped() {
    List<Migration> migrations = new ArrayList<>();
    for (String line : read("migrations.txt").split("\n")) {
      String name = line.strip();
      if (name.isEmpty() || name.startsWith("#")) {
        continue;
      }
      Migration migration = Migration.of(name, read(name));
      if (!migrations.isEmpty() && migration.version() != migrations.getLast().version() + 1) {
        throw new IllegalStateException(
            "migration " + name + " does not follow " + migrations.getLast().fileName());
      }
      migrations.add(migration);
    }
    return List.copyOf(migrations);
  }

  private static String read(String name) {
    try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException(FOLDER + name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
