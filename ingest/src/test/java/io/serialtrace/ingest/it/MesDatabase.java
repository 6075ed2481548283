package io.serialtrace.ingest.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** The MES tables the route CDC ITs write, and the wait for ingest's replication slot. */
final class MesDatabase {
  private MesDatabase() {}

  /** Removes a test product with every row that refers to it (children first). */
  static void deleteProduct(Connection db, String product) throws Exception {
    for (String table :
        List.of(
            "step_signature",
            "step_measurement",
            "step_scan",
            "route_step",
            "route_revision",
            "product")) {
      execute(db, "DELETE FROM mes." + table + " WHERE product_id = '" + product + "'");
    }
  }

  /** Waits until ingest's CDC engine holds its replication slot, so no change is missed. */
  static void awaitSlotActive(Connection db) throws Exception {
    String slot = ConfigProvider.getConfig().getValue("ingest.cdc.slot-name", String.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (PreparedStatement query =
        db.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
      query.setString(1, slot);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = query.executeQuery()) {
          if (rows.next() && rows.getBoolean(1)) {
            return;
          }
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("CDC slot " + slot + " did not become active");
  }

  static void execute(Connection db, String sql) throws Exception {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }
}
