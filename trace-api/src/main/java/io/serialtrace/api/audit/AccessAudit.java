package io.serialtrace.api.audit;

import io.agroal.api.AgroalDataSource;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.store.ClickHouseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Writes who read which unit's record, trace or recall scope into {@code record_access} (sink
 * migration V004) before the response leaves: the insert runs with {@code async_insert = 1} and
 * {@code wait_for_async_insert = 1}, so ClickHouse batches concurrent accesses into one part but
 * acknowledges each only once that part is written. A failed write fails the request (503): an
 * access that cannot be audited is not answered. Needs INSERT on that one table and nothing else
 * (no DDL, no temporary tables).
 */
@ApplicationScoped
public class AccessAudit {
  private static final Logger LOG = Logger.getLogger(AccessAudit.class);

  /** The columns written, in VALUES order. */
  static final String COLUMNS =
      "accessed_at, subject, printed_name, roles, plants, token_id, action, target_kind, target,"
          + " target_plant, outcome, http_status, request_id, client_address";

  private final AgroalDataSource dataSource;
  private final ApiSettings settings;
  private final RequestContext request;

  private final Clock clock = Clock.systemUTC();

  public AccessAudit(AgroalDataSource dataSource, ApiSettings settings, RequestContext request) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.request = request;
  }

  /** Records {@code access} by {@code caller}; returns how long the acknowledged write took. */
  public java.time.Duration record(Caller caller, Access access, int httpStatus) {
    String sql = insert(settings.database(), caller, access, httpStatus, clock.instant(), request);
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      LOG.errorf(
          "Access by %s to %s %s NOT audited (%s): %s",
          caller.subject(), access.kind(), access.target(), access.action(), e.getMessage());
      throw new ApiProblem.AuditUnavailable(
              "the access could not be written to the access log; nothing is answered without it")
          .exception();
    }
    java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - started);
    request.addTiming("audit", took);
    return took;
  }

  /** Records {@code access} with the status its outcome implies. */
  public void record(Caller caller, Access access) {
    record(caller, access, access.outcome().status());
  }

  static String insert(
      String database,
      Caller caller,
      Access access,
      int httpStatus,
      Instant at,
      RequestContext request) {
    return "INSERT INTO "
        + database
        + ".record_access ("
        + COLUMNS
        + ") SETTINGS async_insert = 1, wait_for_async_insert = 1 VALUES ("
        + ClickHouseStore.timeLiteral(at)
        + ", "
        + ClickHouseStore.literal(caller.subject())
        + ", "
        + ClickHouseStore.literal(caller.printedName())
        + ", "
        + array(caller.roles())
        + ", "
        + array(caller.plants())
        + ", "
        + ClickHouseStore.literal(caller.tokenId())
        + ", "
        + ClickHouseStore.literal(access.action())
        + ", "
        + ClickHouseStore.literal(access.kind().name())
        + ", "
        + ClickHouseStore.literal(access.target())
        + ", "
        + ClickHouseStore.literal(access.targetPlant().orElse(""))
        + ", "
        + ClickHouseStore.literal(access.outcome().name())
        + ", "
        + httpStatus
        + ", "
        + ClickHouseStore.literal(request.requestId())
        + ", "
        + ClickHouseStore.literal(request.clientAddress())
        + ")";
  }

  private static String array(Collection<String> values) {
    return values.stream()
        .map(ClickHouseStore::literal)
        .collect(Collectors.joining(", ", "[", "]"));
  }
}
