package io.serialtrace.ingest.routes;

import io.agroal.api.AgroalDataSource;
import io.serialtrace.schemas.MeasurementRequirement;
import io.serialtrace.schemas.MeasurementSource;
import io.serialtrace.schemas.PartTracking;
import io.serialtrace.schemas.Route;
import io.serialtrace.schemas.RouteStatus;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.ScanRequirement;
import io.serialtrace.schemas.SignatureRequirement;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one route revision with its steps and capture requirements from schema {@code mes}, in one
 * read-only repeatable-read transaction so the parts agree with each other.
 */
@ApplicationScoped
public class RouteAssembler {
  private final AgroalDataSource dataSource;

  public RouteAssembler(AgroalDataSource dataSource) {
    this.dataSource = dataSource;
  }

  public Optional<Route> load(String product, String revision) throws SQLException {
    try (Connection db = dataSource.getConnection()) {
      db.setAutoCommit(false);
      db.setReadOnly(true);
      db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try {
        return load(db, product, revision);
      } finally {
        db.rollback();
      }
    }
  }

  private static Optional<Route> load(Connection db, String product, String revision)
      throws SQLException {
    Route.Builder route;
    try (PreparedStatement query =
        db.prepareStatement(
            "SELECT status, released_at, max_entry_lag_ms FROM mes.route_revision"
                + " WHERE product_id = ? AND revision = ?")) {
      query.setString(1, product);
      query.setString(2, revision);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Timestamp released = row.getTimestamp("released_at");
        route =
            Route.newBuilder()
                .setProduct(product)
                .setRevision(revision)
                .setStatus(RouteStatus.valueOf(row.getString("status")))
                .setReleasedAt(
                    released == null
                        ? null
                        : released.toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
                .setMaxEntryLagMillis(row.getLong("max_entry_lag_ms"));
      }
    }
    Map<String, List<ScanRequirement>> scans = new HashMap<>();
    forEachRow(
        db,
        "SELECT step_id, part, tracking, qty FROM mes.step_scan WHERE product_id = ? AND revision = ?"
            + " ORDER BY step_id, part",
        product,
        revision,
        row ->
            scans
                .computeIfAbsent(row.getString("step_id"), k -> new ArrayList<>())
                .add(
                    new ScanRequirement(
                        row.getString("part"),
                        PartTracking.valueOf(row.getString("tracking")),
                        row.getInt("qty"))));
    Map<String, List<MeasurementRequirement>> measurements = new HashMap<>();
    forEachRow(
        db,
        "SELECT step_id, characteristic, unit, lsl, usl, source FROM mes.step_measurement"
            + " WHERE product_id = ? AND revision = ? ORDER BY step_id, characteristic",
        product,
        revision,
        row ->
            measurements
                .computeIfAbsent(row.getString("step_id"), k -> new ArrayList<>())
                .add(
                    new MeasurementRequirement(
                        row.getString("characteristic"),
                        row.getString("unit"),
                        toDouble(row.getBigDecimal("lsl")),
                        toDouble(row.getBigDecimal("usl")),
                        MeasurementSource.valueOf(row.getString("source")))));
    Map<String, List<SignatureRequirement>> signatures = new HashMap<>();
    forEachRow(
        db,
        "SELECT step_id, meaning, role FROM mes.step_signature WHERE product_id = ? AND revision = ?"
            + " ORDER BY step_id, meaning, role",
        product,
        revision,
        row ->
            signatures
                .computeIfAbsent(row.getString("step_id"), k -> new ArrayList<>())
                .add(new SignatureRequirement(row.getString("meaning"), row.getString("role"))));
    List<RouteStep> steps = new ArrayList<>();
    forEachRow(
        db,
        "SELECT step_id, sequence, name, max_duration_ms, min_wait_after_previous_ms,"
            + " max_wait_after_previous_ms FROM mes.route_step"
            + " WHERE product_id = ? AND revision = ? ORDER BY sequence",
        product,
        revision,
        row -> {
          String stepId = row.getString("step_id");
          steps.add(
              RouteStep.newBuilder()
                  .setStepId(stepId)
                  .setName(row.getString("name"))
                  .setSequence(row.getInt("sequence"))
                  .setMaxDurationMillis(nullableLong(row, "max_duration_ms"))
                  .setMinWaitAfterPreviousMillis(nullableLong(row, "min_wait_after_previous_ms"))
                  .setMaxWaitAfterPreviousMillis(nullableLong(row, "max_wait_after_previous_ms"))
                  .setRequiredScans(scans.getOrDefault(stepId, List.of()))
                  .setRequiredMeasurements(measurements.getOrDefault(stepId, List.of()))
                  .setRequiredSignatures(signatures.getOrDefault(stepId, List.of()))
                  .build());
        });
    return Optional.of(route.setSteps(steps).build());
  }

  private interface RowHandler {
    void accept(ResultSet row) throws SQLException;
  }

  private static void forEachRow(
      Connection db, String sql, String product, String revision, RowHandler handler)
      throws SQLException {
    try (PreparedStatement query = db.prepareStatement(sql)) {
      query.setString(1, product);
      query.setString(2, revision);
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          handler.accept(row);
        }
      }
    }
  }

  private static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static Double toDouble(BigDecimal value) {
    return value == null ? null : value.doubleValue();
  }
}
