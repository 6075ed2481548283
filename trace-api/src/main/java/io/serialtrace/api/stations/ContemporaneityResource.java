package io.serialtrace.api.stations;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.PlantScope;
import io.serialtrace.api.security.Roles;
import io.serialtrace.api.store.ClickHouseStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The contemporaneity report of one station, over the caller's plants only. */
@Path("/v1/stations/{station}/contemporaneity")
public class ContemporaneityResource {
  /** Histogram bounds in ms; the first bucket is negative lag (event time in the future). */
  private static final long[] BOUNDS = {
    0, 1_000, 10_000, 60_000, 300_000, 900_000, 3_600_000, 14_400_000
  };

  private static final String[] LABELS = {
    "<0 (clock skew)", "0-1s", "1-10s", "10s-1m", "1-5m", "5-15m", "15m-1h", "1-4h", ">4h"
  };

  private final ClickHouseStore store;
  private final ApiSettings settings;
  private final CurrentCaller caller;

  public ContemporaneityResource(
      ClickHouseStore store, ApiSettings settings, CurrentCaller caller) {
    this.store = store;
    this.settings = settings;
    this.caller = caller;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN})
  @Operation(
      summary =
          "Entry-lag distribution, late entries, and entries per hour against work per"
              + " hour (the end-of-shift clustering pattern) for one station in [from, to)",
      description =
          "The end-of-shift clustering uses the shift calendar of each plant the station's records"
              + " belong to (api.plants.<id>.time-zone and shift-starts, in local time; default"
              + " UTC 06:00, 14:00, 22:00) and names it in clustering.calendars. A station without"
              + " any record in the caller's plants (at any time) is a 404; a known station with"
              + " nothing in [from, to) an empty report.")
  public ContemporaneityReport report(
      @PathParam("station") String stationParam,
      @QueryParam("plant") String plantParam,
      @QueryParam("from") String fromParam,
      @QueryParam("to") String toParam,
      @QueryParam("lateAfter") String lateAfterParam,
      @QueryParam("limit") String limitParam) {
    String station = Params.path("station", stationParam);
    Caller who = caller.get();
    Optional<String> plant =
        PlantScope.checkFilter(who, "plant", Params.text("plant", plantParam, 100));
    Instant to = Params.instant("to", toParam).orElseGet(Instant::now);
    Instant from =
        Params.instant("from", fromParam)
            .orElse(to.minus(settings.contemporaneity().defaultRange()));
    if (!from.isBefore(to)) {
      throw ApiProblem.badParameter("to", "to must be after from");
    }
    if (Duration.between(from, to).compareTo(settings.contemporaneity().maxRange()) > 0) {
      throw ApiProblem.badParameter(
          "from",
          "from..to spans more than "
              + settings.contemporaneity().maxRange()
              + " (api.contemporaneity.max-range)");
    }
    Duration lateAfter =
        Params.duration("lateAfter", lateAfterParam)
            .orElse(settings.contemporaneity().lateEntryThreshold());
    int limit = Params.intInRange("limit", limitParam, 20, 1, settings.pages().maxLimit());

    String scope =
        "station = "
            + ClickHouseStore.literal(station)
            + plant.map(p -> " AND plant = " + ClickHouseStore.literal(p)).orElse("")
            + PlantScope.condition(who, "plant").map(c -> " AND " + c).orElse("");
    // unit_records keeps every row ever written (sink migration V006): one row per (serial, seq),
    // so a redelivered copy is counted once.
    String records =
        "(SELECT serial, seq, plant, station, event_type, step_id, actor, event_time,"
            + " received_time FROM "
            + store.table("unit_records")
            + " WHERE "
            + scope
            + " LIMIT 1 BY serial, seq)";
    // A station is known by its records, at any time, in the plants the caller may see.
    List<ShiftCalendar> calendars =
        store.query(
            "SELECT DISTINCT plant FROM " + records + " WHERE " + scope + " ORDER BY plant",
            row -> ShiftCalendar.of(row.text("plant"), settings));
    if (calendars.isEmpty()) {
      throw ApiProblem.notFound("station", station);
    }
    String workedInWindow = inWindow("event_time", from, to);
    String enteredInWindow = inWindow("received_time", from, to);
    String worked = scope + " AND " + workedInWindow;
    String entered = scope + " AND " + enteredInWindow;
    String lag = "dateDiff('millisecond', event_time, received_time)";
    long lateMillis = lateAfter.toMillis();

    StringBuilder buckets = new StringBuilder("countIf(lag < 0) AS b0");
    for (int i = 0; i < BOUNDS.length; i++) {
      buckets.append(", countIf(lag >= ").append(BOUNDS[i]);
      if (i + 1 < BOUNDS.length) {
        buckets.append(" AND lag < ").append(BOUNDS[i + 1]);
      }
      buckets.append(") AS b").append(i + 1);
    }
    ContemporaneityReport.LagDistribution[] distribution =
        new ContemporaneityReport.LagDistribution[1];
    long[] late = new long[1];
    store.query(
        "SELECT count() AS records, toInt64(quantileExact(0.5)(lag)) AS p50,"
            + " toInt64(quantileExact(0.9)(lag)) AS p90,"
            + " toInt64(quantileExact(0.99)(lag)) AS p99,"
            + " if(count() = 0, 0, max(lag)) AS max_lag, countIf(lag > "
            + lateMillis
            + ") AS late, "
            + buckets
            + " FROM (SELECT "
            + lag
            + " AS lag FROM "
            + records
            + " WHERE "
            + worked
            + ")",
        row -> {
          List<ContemporaneityReport.Bucket> histogram = new ArrayList<>();
          for (int i = 0; i < LABELS.length; i++) {
            histogram.add(
                new ContemporaneityReport.Bucket(
                    LABELS[i],
                    i == 0 ? Optional.empty() : Optional.of(BOUNDS[i - 1]),
                    i == 0
                        ? Optional.of(0L)
                        : i < BOUNDS.length ? Optional.of(BOUNDS[i]) : Optional.empty(),
                    row.number("b" + i)));
          }
          distribution[0] =
              new ContemporaneityReport.LagDistribution(
                  row.number("records"),
                  row.number("p50"),
                  row.number("p90"),
                  row.number("p99"),
                  row.number("max_lag"),
                  histogram);
          late[0] = row.number("late");
          return 0;
        });

    List<ContemporaneityReport.LateEntry> lateEntries =
        store.query(
            "SELECT serial, seq, event_type, ifNull(step_id, '') AS step, actor,"
                + " toUnixTimestamp64Micro(event_time) AS event_us,"
                + " toUnixTimestamp64Micro(received_time) AS received_us, "
                + lag
                + " AS lag FROM "
                + records
                + " WHERE "
                + worked
                + " AND "
                + lag
                + " > "
                + lateMillis
                + " ORDER BY received_time DESC, serial, seq LIMIT "
                + limit,
            row ->
                new ContemporaneityReport.LateEntry(
                    row.text("serial"),
                    row.number("seq"),
                    row.text("event_type"),
                    row.text("step"),
                    row.text("actor"),
                    row.micros("event_us"),
                    row.micros("received_us"),
                    row.number("lag")));

    List<ContemporaneityReport.HourRow> hours =
        store.query(
            "SELECT toUnixTimestamp(hour) AS hour_s, sum(work) AS work, sum(entries) AS entries FROM ("
                + "SELECT toStartOfHour(event_time) AS hour, count() AS work, toUInt64(0) AS entries FROM "
                + records
                + " WHERE "
                + worked
                + " GROUP BY hour"
                + " UNION ALL SELECT toStartOfHour(received_time) AS hour, toUInt64(0) AS work,"
                + " count() AS entries FROM "
                + records
                + " WHERE "
                + entered
                + " GROUP BY hour)"
                + " GROUP BY hour ORDER BY hour",
            row ->
                new ContemporaneityReport.HourRow(
                    Instant.ofEpochSecond(row.number("hour_s")),
                    row.number("work"),
                    row.number("entries")));

    Map<String, Long> gate = new LinkedHashMap<>();
    gate.put("LATE_ENTRY", 0L);
    gate.put("CLOCK_SKEW", 0L);
    store.query(
        "SELECT code, count() AS n FROM "
            + store.table("violations")
            + " FINAL WHERE "
            + scope
            + " AND code IN ('LATE_ENTRY', 'CLOCK_SKEW') AND detected_at >= "
            + ClickHouseStore.timeLiteral(from)
            + " AND detected_at < "
            + ClickHouseStore.timeLiteral(to)
            + " GROUP BY code",
        row -> gate.put(row.text("code"), row.number("n")));

    ContemporaneityReport.Clustering clustering =
        store
            .query(
                "SELECT countIf("
                    + workedInWindow
                    + ") AS work, countIf("
                    + workedInWindow
                    + " AND "
                    + lastHourOfShift(calendars, "event_time", from, to)
                    + ") AS last_hour_work, countIf("
                    + enteredInWindow
                    + ") AS entries, countIf("
                    + enteredInWindow
                    + " AND "
                    + lastHourOfShift(calendars, "received_time", from, to)
                    + ") AS last_hour_entries FROM "
                    + records
                    + " WHERE "
                    + scope
                    + " AND ("
                    + workedInWindow
                    + " OR "
                    + enteredInWindow
                    + ")",
                row ->
                    ContemporaneityReport.Clustering.of(
                        row.number("work"),
                        row.number("last_hour_work"),
                        row.number("entries"),
                        row.number("last_hour_entries"),
                        calendars.stream().map(ShiftCalendar::used).toList()))
            .getFirst();

    return new ContemporaneityReport(
        station,
        plant,
        from,
        to,
        lateAfter,
        distribution[0],
        late[0],
        gate,
        lateEntries,
        hours,
        clustering);
  }

  private static String inWindow(String column, Instant from, Instant to) {
    return "("
        + column
        + " >= "
        + ClickHouseStore.timeLiteral(from)
        + " AND "
        + column
        + " < "
        + ClickHouseStore.timeLiteral(to)
        + ")";
  }

  /** Whether {@code column} lies in the last hour of a shift of the row's plant. */
  private static String lastHourOfShift(
      List<ShiftCalendar> calendars, String column, Instant from, Instant to) {
    return calendars.stream()
        .map(c -> c.lastHourCondition(column, from, to))
        .collect(Collectors.joining(" OR ", "(", ")"));
  }
}
