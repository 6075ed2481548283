package io.serialtrace.api.violations;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.PlantScope;
import io.serialtrace.api.security.Roles;
import io.serialtrace.api.store.ClickHouseStore;
import io.serialtrace.api.units.ViolationColumns;
import io.serialtrace.api.units.ViolationView;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Violations: a filtered, paginated list from ClickHouse and a live stream from Kafka, both limited
 * to the caller's plants (every plant for {@code admin}).
 */
@Path("/v1/violations")
public class ViolationResource {
  private final ClickHouseStore store;
  private final ApiSettings settings;
  private final ViolationFeed feed;
  private final CurrentCaller caller;

  public ViolationResource(
      ClickHouseStore store, ApiSettings settings, ViolationFeed feed, CurrentCaller caller) {
    this.store = store;
    this.settings = settings;
    this.feed = feed;
    this.caller = caller;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN})
  @Operation(
      summary =
          "Violations in their latest state, newest first, filtered by plant, station,"
              + " code, status, serial and detection time [from, to); keyset-paginated by cursor")
  public ViolationPage list(
      @QueryParam("plant") String plant,
      @QueryParam("station") String station,
      @QueryParam("code") String code,
      @QueryParam("status") String status,
      @QueryParam("serial") String serial,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    List<String> where = new ArrayList<>();
    Caller who = caller.get();
    PlantScope.condition(who, "plant").ifPresent(where::add);
    PlantScope.checkFilter(who, "plant", Params.text("plant", plant, 100))
        .ifPresent(p -> where.add("plant = " + ClickHouseStore.literal(p)));
    Params.text("station", station, 100)
        .ifPresent(s -> where.add("station = " + ClickHouseStore.literal(s)));
    Params.oneOf("code", code, ViolationCode.class)
        .ifPresent(c -> where.add("code = " + ClickHouseStore.literal(c.name())));
    Params.oneOf("status", status, ViolationStatus.class)
        .ifPresent(s -> where.add("status = " + ClickHouseStore.literal(s.name())));
    Params.text("serial", serial, 200)
        .ifPresent(s -> where.add("serial = " + ClickHouseStore.literal(s)));
    Optional<Instant> fromTime = Params.instant("from", from);
    Optional<Instant> toTime = Params.instant("to", to);
    if (fromTime.isPresent() && toTime.isPresent() && !fromTime.get().isBefore(toTime.get())) {
      throw ApiProblem.badParameter("to", "to must be after from");
    }
    fromTime.ifPresent(t -> where.add("detected_at >= " + ClickHouseStore.timeLiteral(t)));
    toTime.ifPresent(t -> where.add("detected_at < " + ClickHouseStore.timeLiteral(t)));
    int pageSize =
        Params.intInRange(
            "limit", limit, settings.pages().defaultLimit(), 1, settings.pages().maxLimit());
    Params.text("cursor", cursor, 200)
        .map(c -> Cursor.decode("cursor", c))
        .ifPresent(
            c ->
                where.add(
                    "(toUnixTimestamp64Micro(detected_at), violation_id) < ("
                        + c.detectedMicros()
                        + ", toUUID("
                        + ClickHouseStore.literal(c.violationId().toString())
                        + "))"));
    String sql =
        "SELECT "
            + ViolationColumns.SELECT
            + " FROM "
            + store.table("violations")
            + " FINAL"
            + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " ORDER BY detected_at DESC, violation_id DESC LIMIT "
            + (pageSize + 1);
    List<ViolationView> rows = store.query(sql, ViolationColumns::map);
    Optional<String> next = Optional.empty();
    if (rows.size() > pageSize) {
      rows = rows.subList(0, pageSize);
      ViolationView last = rows.getLast();
      next = Optional.of(Cursor.after(last.detectedAt(), last.violationId()).encode());
    }
    return new ViolationPage(List.copyOf(rows), pageSize, next);
  }

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RolesAllowed({Roles.OPERATOR, Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN})
  @Operation(
      summary =
          "Server-Sent Events: each violation as it is published on"
              + " trace.violations.v1 (event 'violation', JSON data), optionally for one plant; a 'ready'"
              + " event first, comments as heartbeats")
  public Multi<OutboundSseEvent> stream(@QueryParam("plant") String plant, @Context Sse sse) {
    // The caller is resolved now, on the request: the stream's filter runs later, off it.
    Caller who = caller.get();
    Optional<String> onlyPlant =
        PlantScope.checkFilter(who, "plant", Params.text("plant", plant, 100));
    if (!settings.stream().enabled()) {
      throw new ApiProblem.Unavailable("the live violation stream is disabled (api.stream.enabled)")
          .exception();
    }
    Multi<OutboundSseEvent> violations =
        feed.violations()
            .filter(v -> who.sees(v.plant()))
            .filter(v -> onlyPlant.isEmpty() || onlyPlant.get().equals(v.plant()))
            .map(
                v ->
                    sse.newEventBuilder()
                        .name("violation")
                        .id(v.violationId())
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(ViolationView.class, v)
                        .build());
    Multi<OutboundSseEvent> heartbeats =
        Multi.createFrom()
            .ticks()
            .every(settings.stream().heartbeat())
            .map(tick -> sse.newEventBuilder().comment("heartbeat").build());
    OutboundSseEvent ready = sse.newEventBuilder().name("ready").data(feed.state().name()).build();
    return Multi.createBy()
        .concatenating()
        .streams(
            Multi.createFrom().item(ready),
            Multi.createBy().merging().streams(violations, heartbeats));
  }
}
