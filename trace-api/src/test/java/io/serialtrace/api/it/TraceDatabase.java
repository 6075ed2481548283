package io.serialtrace.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.serialtrace.stack.StackEndpoints;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The test's own door to ClickHouse over HTTP: creates the IT database with genealogy-sink's
 * migrations (read from the sink's sources, the schema's owner, not copied) and inserts rows with
 * the sink's column names.
 */
public final class TraceDatabase {
  /** The database the ITs' app instance reads (not the sink's {@code trace}). */
  public static final String NAME = "trace_api_it";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONDITION = "-- apply only if:";
  private final HttpClient http = HttpClient.newHttpClient();
  private final StackEndpoints stack;
  private final String database;
  private final String user;
  private final String password;

  /** As the owner (the migrations' user, the one that may ALTER and OPTIMIZE). */
  public TraceDatabase(StackEndpoints stack, String database) {
    this(stack, database, stack.clickhouseUser(), stack.clickhousePassword());
  }

  private TraceDatabase(StackEndpoints stack, String database, String user, String password) {
    this.stack = stack;
    this.database = database;
    this.user = user;
    this.password = password;
  }

  /** The same database as genealogy-sink's ClickHouse user: INSERT and SELECT, nothing else. */
  public TraceDatabase asSink() {
    return new TraceDatabase(
        stack, database, stack.clickhouseSinkUser(), stack.clickhouseSinkPassword());
  }

  public String name() {
    return database;
  }

  /**
   * Applies the sink's migrations in migrations.txt order that {@code schema_migrations} does not
   * list yet, and records them there, as the sink's MigrationRunner does: a migration runs once
   * (V002's view reads unit_records FINAL, which V006's append-only table refuses). Statements
   * after an {@code -- apply only if: <query>} line run only when that query answers 1.
   */
  public void migrate() throws IOException {
    Path folder =
        Path.of(
            System.getProperty(
                "sink.migrations.dir", "../genealogy-sink/src/main/resources/db/migration"));
    execute("CREATE DATABASE IF NOT EXISTS " + database);
    execute(
        "CREATE TABLE IF NOT EXISTS "
            + database
            + ".schema_migrations (version UInt32, file_name String, checksum String,"
            + " applied_at DateTime64(6, 'UTC') DEFAULT now64(6))"
            + " ENGINE = ReplacingMergeTree ORDER BY version");
    List<String> applied =
        execute("SELECT version FROM " + database + ".schema_migrations FINAL").lines().toList();
    for (String line : Files.readAllLines(folder.resolve("migrations.txt"))) {
      String file = line.strip();
      String version = file.replaceFirst("^V0*(\\d+)__.*", "$1");
      if (file.isEmpty() || file.startsWith("#") || applied.contains(version)) {
        continue;
      }
      String sql = Files.readString(folder.resolve(file));
      StringBuilder text = new StringBuilder();
      for (String sqlLine : sql.split("\n", -1)) {
        if (sqlLine.startsWith(CONDITION)) {
          String query = sqlLine.substring(CONDITION.length()).replace("${database}", database);
          if (!"1".equals(execute(query).strip())) {
            break;
          }
        } else if (!sqlLine.strip().startsWith("--")) {
          text.append(sqlLine).append('\n');
        }
      }
      for (String statement : text.toString().split(";\\s*\n")) {
        if (!statement.isBlank()) {
          execute(statement.strip().replace("${database}", database));
        }
      }
      execute(
          "INSERT INTO "
              + database
              + ".schema_migrations (version, file_name, checksum) SETTINGS async_insert = 0"
              + " VALUES ("
              + version
              + ", '"
              + file
              + "', '"
              + Rows.sha256(sql)
              + "')");
    }
  }

  /**
   * Edits one row of a unit in place, as an administrator could (ALTER UPDATE, waiting for the
   * mutation): {@code assignments} such as {@code station = 'X'}.
   */
  public void update(String table, String assignments, String serial, long seq) {
    execute(
        "ALTER TABLE "
            + database
            + "."
            + table
            + " UPDATE "
            + assignments
            + " WHERE serial = '"
            + serial
            + "' AND seq = "
            + seq
            + " SETTINGS mutations_sync = 2");
  }

  public String execute(String sql) {
    return post(sql, "");
  }

  /** The rows of {@code table} matching {@code where}, oldest first by {@code orderBy}, as JSON. */
  public List<JsonNode> rows(String table, String where, String orderBy) {
    String text =
        execute(
            "SELECT * FROM "
                + database
                + "."
                + table
                + " WHERE "
                + where
                + " ORDER BY "
                + orderBy
                + " FORMAT JSONEachRow");
    List<JsonNode> rows = new ArrayList<>();
    try {
      for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
        rows.add(JSON.readTree(line));
      }
    } catch (IOException e) {
      throw new IllegalStateException("ClickHouse answered rows that are not JSON", e);
    }
    return rows;
  }

  /**
   * Inserts rows given as column → value maps (times as "yyyy-MM-dd HH:mm:ss.ffffff"). Rows with a
   * {@code byte[]} value (event_avro) go as VALUES with {@code unhex(...)}: JSON strings cannot
   * carry bytes that are not UTF-8.
   */
  public void insert(String table, List<Map<String, Object>> rows) {
    insertRows(table, rows);
    if (table.equals("genealogy_edges")) {
      rebuildClosure();
    }
  }

  /**
   * Inserts edges without their closure rows and marks the closure incomplete, as the sink's V008
   * migration leaves a database that held edges before it (an upgrade); {@link #rebuildClosure}
   * makes it complete again.
   */
  public void insertEdgesWrittenBeforeTheClosure(List<Map<String, Object>> edges) {
    insertRows("genealogy_edges", edges);
    execute(
        "INSERT INTO "
            + database
            + ".genealogy_closure_state (complete, reason) SETTINGS async_insert = 0"
            + " VALUES (0, 'edges written before V008 (test)')");
  }

  /**
   * Rebuilds the genealogy closure from the edges, as the sink's closure-rebuild command does, with
   * the sink's own script (read from its sources, like the migrations): edges inserted here come
   * without a sink deriving their closure rows. {@link #insert} calls it after inserting edges.
   */
  public void rebuildClosure() {
    Path script =
        Path.of(
            System.getProperty(
                "sink.closure.script",
                "../genealogy-sink/src/main/resources/db/closure/rebuild.sql"));
    Map<String, List<String>> sections = new java.util.LinkedHashMap<>();
    List<String> current = null;
    StringBuilder statement = new StringBuilder();
    try {
      for (String line : Files.readAllLines(script)) {
        if (line.startsWith("-- @")) {
          current = sections.computeIfAbsent(line.substring(4).strip(), k -> new ArrayList<>());
        } else if (current != null && !line.strip().startsWith("--")) {
          statement.append(line).append('\n');
          if (line.stripTrailing().endsWith(";")) {
            String text = statement.toString().strip();
            current.add(text.substring(0, text.length() - 1));
            statement.setLength(0);
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the closure rebuild script " + script, e);
    }
    java.util.function.BiConsumer<String, Integer> run =
        (section, depth) ->
            sections
                .get(section)
                .forEach(
                    sql ->
                        execute(
                            sql.replace("${database}", database)
                                .replace("${depth}", depth.toString())));
    run.accept("start", 1);
    int depth = 1;
    String front = "SELECT count() FROM " + database + ".genealogy_closure_rebuild_front";
    while (depth < 101 && !"0".equals(execute(front).strip())) {
      run.accept("level", ++depth);
    }
    run.accept("finish", depth);
  }

  private void insertRows(String table, List<Map<String, Object>> rows) {
    if (rows.isEmpty()) {
      return;
    }
    if (rows.stream().anyMatch(r -> r.values().stream().anyMatch(byte[].class::isInstance))) {
      insertValues(table, rows);
      return;
    }
    StringBuilder body = new StringBuilder();
    try {
      for (Map<String, Object> row : rows) {
        body.append(JSON.writeValueAsString(row)).append('\n');
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    post(
        "INSERT INTO "
            + database
            + "."
            + table
            + " SETTINGS async_insert = 0,"
            + " date_time_input_format = 'best_effort' FORMAT JSONEachRow",
        body.toString());
  }

  private void insertValues(String table, List<Map<String, Object>> rows) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(database)
            .append('.')
            .append(table)
            .append(" (")
            .append(String.join(", ", rows.getFirst().keySet()))
            .append(") SETTINGS async_insert = 0 VALUES");
    StringBuilder tuples = new StringBuilder();
    for (Map<String, Object> row : rows) {
      tuples.append(tuples.isEmpty() ? "(" : ",\n(");
      int column = 0;
      for (Object value : row.values()) {
        tuples.append(column++ == 0 ? "" : ", ").append(valueLiteral(value));
      }
      tuples.append(')');
    }
    // The statement in the URL, the tuples in the body, which ClickHouse appends to it.
    post(sql.toString(), tuples.toString());
  }

  private static String valueLiteral(Object value) {
    return switch (value) {
      case null -> "NULL";
      case byte[] bytes -> "unhex('" + java.util.HexFormat.of().formatHex(bytes) + "')";
      case Number number -> number.toString();
      case Boolean flag -> flag.toString();
      default -> "'" + value.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    };
  }

  private String post(String query, String body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(
                      stack.clickhouseUrl()
                          + "/?query="
                          + URLEncoder.encode(query, StandardCharsets.UTF_8)))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
              .timeout(Duration.ofMinutes(5))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "ClickHouse "
                + response.statusCode()
                + " for `"
                + (query.length() > 200 ? query.substring(0, 200) + "…" : query)
                + "`: "
                + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("ClickHouse unreachable at " + stack.clickhouseUrl(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
