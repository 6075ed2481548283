package io.serialtrace.sink.closure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds {@code genealogy_closure} from the edges with {@code db/closure/rebuild.sql}: its start
 * section, its level section once per depth from 2 while the front of the walk is not empty (at
 * most up to {@code maxDepth}, which only a cycle in the data reaches), then its finish section,
 * which swaps the new table in.
 */
public final class ClosureRebuild {
  /** The rebuild script, on the classpath. */
  public static final String SCRIPT = "/db/closure/rebuild.sql";

  /**
   * Depth the rebuild stops at when a cycle keeps the front from emptying: beyond any depth a trace
   * may ask for (trace-api's api.genealogy.max-depth is at most 100), with the level that decides
   * whether the limit cut anything off.
   */
  public static final int DEFAULT_MAX_DEPTH = 101;

  private static final String SECTION = "-- @";

  /** How the script reaches the database: statements, and one count. */
  public interface Sql {
    void execute(String statement);

    long count(String query);
  }

  /** What a rebuild did: the deepest level written, rows in the new closure, time taken. */
  public record Report(int levels, long rows, Duration took) {}

  private final Map<String, List<String>> sections;

  private ClosureRebuild(Map<String, List<String>> sections) {
    this.sections = sections;
  }

  /** The shipped script. */
  public static ClosureRebuild shipped() {
    try (InputStream in = ClosureRebuild.class.getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException(SCRIPT + " is not on the classpath");
      }
      return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A script's sections: statements split at {@code ;} line ends, comment lines dropped. */
  static ClosureRebuild of(String script) {
    Map<String, StringBuilder> text = new LinkedHashMap<>();
    StringBuilder current = null;
    for (String line : script.split("\n", -1)) {
      if (line.startsWith(SECTION)) {
        current =
            text.computeIfAbsent(
                line.substring(SECTION.length()).strip(), k -> new StringBuilder());
      } else if (current != null && !line.strip().startsWith("--")) {
        current.append(line).append('\n');
      }
    }
    Map<String, List<String>> sections = new LinkedHashMap<>();
    text.forEach(
        (name, body) -> {
          List<String> statements = new ArrayList<>();
          for (String statement : body.toString().split(";\\s*\n")) {
            if (!statement.isBlank()) {
              statements.add(statement.strip());
            }
          }
          sections.put(name, List.copyOf(statements));
        });
    for (String required : List.of("start", "level", "finish")) {
      if (!sections.containsKey(required)) {
        throw new IllegalArgumentException("the closure rebuild script has no -- @" + required);
      }
    }
    return new ClosureRebuild(Map.copyOf(sections));
  }

  /** The statements of {@code section} for {@code database} (and {@code depth} in a level). */
  List<String> statements(String section, String database, int depth, int maxDepth) {
    return sections.get(section).stream()
        .map(
            s ->
                s.replace("${database}", database)
                    .replace("${depth}", Integer.toString(depth))
                    .replace("${max_depth}", Integer.toString(maxDepth)))
        .toList();
  }

  public Report run(Sql sql, String database, int maxDepth) {
    long started = System.nanoTime();
    statements("start", database, 1, maxDepth).forEach(sql::execute);
    int depth = 1;
    while (depth < maxDepth
        && sql.count("SELECT count() FROM " + database + ".genealogy_closure_rebuild_front") > 0) {
      depth++;
      statements("level", database, depth, maxDepth).forEach(sql::execute);
    }
    long rows = sql.count("SELECT count() FROM " + database + ".genealogy_closure_rebuild");
    statements("finish", database, depth, maxDepth).forEach(sql::execute);
    return new Report(depth, rows, Duration.ofNanos(System.nanoTime() - started));
  }
}
