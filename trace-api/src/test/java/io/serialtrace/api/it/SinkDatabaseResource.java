package io.serialtrace.api.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import java.util.Map;

/**
 * Points the app at the sink's own database, the only one genealogy-sink's ClickHouse user may
 * write (its grant is on {@code trace.*}), migrated with the sink's schema: for tests that write as
 * the sink's user. Starts after {@link ApiStackResource} (order 1), whose database it replaces.
 */
public class SinkDatabaseResource implements QuarkusTestResourceLifecycleManager {
  /** The sink's database, as the ClickHouse grants name it. */
  public static final String NAME = ClickHouseAccess.Names.DATABASE;

  @Override
  public Map<String, String> start() {
    try {
      new TraceDatabase(ApiStackResource.endpoints(), NAME).migrate();
    } catch (Exception e) {
      throw new IllegalStateException("Could not migrate " + NAME, e);
    }
    return Map.of("api.database", NAME);
  }

  @Override
  public int order() {
    return 1;
  }

  @Override
  public void stop() {
    // The stack belongs to ApiStackResource; the database stays like the sink's.
  }
}
