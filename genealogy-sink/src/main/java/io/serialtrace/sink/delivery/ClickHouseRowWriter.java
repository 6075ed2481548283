package io.serialtrace.sink.delivery;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.data.ClickHouseFormat;
import io.serialtrace.sink.batch.TableInsert;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Inserts RowBinary rows through client-v2 over HTTP, synchronously, with the batch's deduplication
 * token. Settings per insert, each needed:
 *
 * <ul>
 *   <li>{@code async_insert=0}: 26.x defaults to asynchronous inserts, which acknowledge before the
 *       data is in a part and deduplicate by a different mechanism; the protocol needs "insert
 *       returned = rows stored or dropped as a duplicate".
 *   <li>{@code deduplicate_insert=enable}: in 26.x this overrides {@code insert_deduplicate}.
 *   <li>{@code insert_deduplication_token}: the range's token; tables need {@code
 *       non_replicated_deduplication_window} > 0 (server config; replicated tables always keep a
 *       window).
 * </ul>
 */
public final class ClickHouseRowWriter implements RowWriter {
  /**
   * Server error codes worth retrying: timeouts, network, overload, memory, too many parts,
   * read-only replica, shutting down, keeper trouble.
   */
  private static final Set<Integer> RETRIABLE_CODES =
      Set.of(159, 160, 164, 202, 203, 209, 210, 241, 242, 252, 319, 425, 999, 1000);

  private final Client client;
  private final String database;
  private final long timeoutMillis;

  public ClickHouseRowWriter(Client client, String database, long timeoutMillis) {
    this.client = client;
    this.database = database;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void insert(TableInsert insert, String token) {
    InsertSettings settings =
        new InsertSettings()
            .setDatabase(database)
            .setDeduplicationToken(token)
            .serverSetting("async_insert", "0")
            .serverSetting("deduplicate_insert", "enable")
            .serverSetting("insert_deduplicate", "1");
    String what =
        "insert of "
            + insert.rowCount()
            + " rows into "
            + insert.table().tableName()
            + " for "
            + token;
    try (InsertResponse ignored =
        client
            .insert(
                insert.table().tableName(),
                insert.table().columns(),
                insert.rowBinary().stream(),
                ClickHouseFormat.RowBinary,
                settings)
            .get(timeoutMillis, TimeUnit.MILLISECONDS)) {
      // A dropped duplicate reports the rows as written too: success either way.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SinkFailure.Retriable(what + " interrupted", e);
    } catch (TimeoutException e) {
      throw new SinkFailure.Retriable(what + " timed out after " + timeoutMillis + " ms", e);
    } catch (ExecutionException e) {
      throw classify(what, e.getCause());
    } catch (Exception e) {
      throw classify(what, e);
    }
  }

  /** Server errors with a non-retriable code are fatal; everything else (I/O) is retriable. */
  public static SinkFailure classify(String what, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof ServerException server) {
        String message =
            what
                + " failed with ClickHouse code "
                + server.getCode()
                + ": "
                + firstLine(server.getMessage());
        return RETRIABLE_CODES.contains(server.getCode()) || server.isRetryable()
            ? new SinkFailure.Retriable(message, server)
            : new SinkFailure.Fatal(message, server);
      }
    }
    return new SinkFailure.Retriable(what + " failed: " + firstLine(String.valueOf(cause)), cause);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
