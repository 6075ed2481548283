package io.serialtrace.sink.closure;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QuerySettings;
import io.serialtrace.sink.delivery.ClickHouseRowWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./trace closure-rebuild [--database trace] [--max-depth 101]}: rebuilds the genealogy
 * closure from the edges ({@link ClosureRebuild}) as the ClickHouse owner (it creates and swaps
 * tables): {@code TRACE_CLICKHOUSE_URL}, {@code TRACE_CLICKHOUSE_USER}, {@code
 * TRACE_CLICKHOUSE_PASSWORD} from the environment. Each statement may take up to {@code
 * --statement-timeout} (PT30M). Exit 0 with a one-line report, 1 on a failure (the live closure is
 * then untouched: the swap is the last step), 2 on bad usage.
 */
public final class ClosureRebuildCommand {
  private static final String USAGE =
      "usage: closure-rebuild [--database trace] [--max-depth 101] [--statement-timeout PT30M]\n"
          + "  as the ClickHouse owner: TRACE_CLICKHOUSE_URL, TRACE_CLICKHOUSE_USER,"
          + " TRACE_CLICKHOUSE_PASSWORD";

  private ClosureRebuildCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  static int run(String[] args, Map<String, String> env) {
    String database = "trace";
    int maxDepth = ClosureRebuild.DEFAULT_MAX_DEPTH;
    Duration timeout = Duration.ofMinutes(30);
    try {
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : "";
        switch (args[i]) {
          case "--database" -> database = value;
          case "--max-depth" -> maxDepth = Integer.parseInt(value);
          case "--statement-timeout" -> timeout = Duration.parse(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
        i++;
      }
      if (!database.matches("trace[A-Za-z0-9_]*") || maxDepth < 2) {
        throw new IllegalArgumentException(
            "--database must match trace[A-Za-z0-9_]* and --max-depth be at least 2");
      }
    } catch (RuntimeException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    String url = env.get("TRACE_CLICKHOUSE_URL");
    String user = env.get("TRACE_CLICKHOUSE_USER");
    String password = env.get("TRACE_CLICKHOUSE_PASSWORD");
    if (url == null || user == null || password == null) {
      System.err.println("TRACE_CLICKHOUSE_URL, _USER and _PASSWORD must be set\n" + USAGE);
      return 2;
    }
    try (Client client =
        new Client.Builder()
            .addEndpoint(url)
            .setUsername(user)
            .setPassword(password)
            .setSocketTimeout(timeout.toMillis())
            .setConnectTimeout(5_000)
            .build()) {
      ClosureRebuild.Report report =
          ClosureRebuild.shipped().run(sql(client, timeout), database, maxDepth);
      System.out.printf(
          Locale.ROOT,
          "genealogy closure of %s rebuilt: %d rows, %d levels, %.1f s%n",
          database,
          report.rows(),
          report.levels(),
          report.took().toMillis() / 1000.0);
      return 0;
    } catch (RuntimeException e) {
      System.err.println(
          "closure rebuild of "
              + database
              + " failed, the live closure is unchanged (scratch tables genealogy_closure_rebuild*"
              + " stay until the next run): "
              + e.getMessage());
      return 1;
    }
  }

  /** Statements and counts through client-v2, each bounded by {@code timeout}. */
  public static ClosureRebuild.Sql sql(Client client, Duration timeout) {
    return new ClosureRebuild.Sql() {
      @Override
      public void execute(String statement) {
        try {
          client.execute(statement).get(timeout.toMillis(), TimeUnit.MILLISECONDS).close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted during `" + statement + "`", e);
        } catch (Exception e) {
          throw ClickHouseRowWriter.classify("closure rebuild statement `" + statement + "`", e);
        }
      }

      @Override
      public long count(String query) {
        try {
          return client.queryAll(query, new QuerySettings()).getFirst().getLong(1);
        } catch (RuntimeException e) {
          throw ClickHouseRowWriter.classify("closure rebuild query `" + query + "`", e);
        }
      }
    };
  }
}
