package io.serialtrace.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.Roles;
import io.serialtrace.api.store.ClickHouseStore;
import io.serialtrace.api.violations.Cursor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The access log for auditors: who read a given serial or lot ({@code target}), or what a given
 * user read ({@code subject}), newest first, keyset-paginated. Limited to the auditor's plants:
 * rows about a target of those plants, and rows without a known target plant (not found, lots) made
 * by a caller who shared one of them.
 */
@Path("/v1/access-log")
public class AccessLogResource {
  private final ClickHouseStore store;
  private final ApiSettings settings;
  private final CurrentCaller caller;

  public AccessLogResource(ClickHouseStore store, ApiSettings settings, CurrentCaller caller) {
    this.store = store;
    this.settings = settings;
    this.caller = caller;
  }

  /** One row of record_access. */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Entry(
      Instant accessedAt,
      String subject,
      String printedName,
      List<String> roles,
      List<String> plants,
      String action,
      String targetKind,
      String target,
      String targetPlant,
      String outcome,
      int httpStatus,
      String requestId,
      String clientAddress) {}

  /** A page, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  public record Page(List<Entry> items, int limit, Optional<String> nextCursor) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary =
          "Who read which unit's record, trace or recall scope: by target (serial or lot) or by"
              + " subject (user), newest first, keyset-paginated by cursor")
  public Page list(
      @QueryParam("target") String target,
      @QueryParam("subject") String subject,
      @QueryParam("limit") String limit,
      @QueryParam("cursor") String cursor) {
    Optional<String> byTarget = Params.text("target", target, 200);
    Optional<String> bySubject = Params.text("subject", subject, 200);
    if (byTarget.isEmpty() && bySubject.isEmpty()) {
      throw ApiProblem.badParameter("target", "give target (a serial or lot id) or subject");
    }
    int pageSize =
        Params.intInRange(
            "limit", limit, settings.pages().defaultLimit(), 1, settings.pages().maxLimit());
    List<String> where = new ArrayList<>();
    byTarget.ifPresent(t -> where.add("target = " + ClickHouseStore.literal(t)));
    bySubject.ifPresent(s -> where.add("subject = " + ClickHouseStore.literal(s)));
    Caller who = caller.get();
    if (!who.seesEveryPlant()) {
      if (who.plants().isEmpty()) {
        where.add("0");
      } else {
        String mine = ClickHouseStore.inList(who.plants());
        where.add(
            "(target_plant IN "
                + mine
                + " OR (target_plant = '' AND hasAny(plants, ["
                + mine.substring(1, mine.length() - 1)
                + "])))");
      }
    }
    Params.text("cursor", cursor, 200)
        .map(c -> Cursor.decode("cursor", c))
        .ifPresent(
            c ->
                where.add(
                    "(toUnixTimestamp64Micro(accessed_at), request_id) < ("
                        + c.detectedMicros()
                        + ", "
                        + ClickHouseStore.literal(c.violationId().toString())
                        + ")"));
    List<Entry> rows =
        store.query(
            "SELECT toUnixTimestamp64Micro(accessed_at) AS at_us, subject, printed_name,"
                + " arrayStringConcat(roles, ',') AS roles_text,"
                + " arrayStringConcat(plants, ',') AS plants_text, action, target_kind, target,"
                + " target_plant, outcome, http_status, request_id, client_address FROM "
                + store.table("record_access")
                + " WHERE "
                + String.join(" AND ", where)
                + " ORDER BY accessed_at DESC, request_id DESC LIMIT "
                + (pageSize + 1),
            row ->
                new Entry(
                    row.micros("at_us"),
                    row.text("subject"),
                    row.text("printed_name"),
                    words(row.text("roles_text")),
                    words(row.text("plants_text")),
                    row.text("action"),
                    row.text("target_kind"),
                    row.text("target"),
                    row.text("target_plant"),
                    row.text("outcome"),
                    (int) row.number("http_status"),
                    row.text("request_id"),
                    row.text("client_address")));
    Optional<String> next = Optional.empty();
    if (rows.size() > pageSize) {
      rows = rows.subList(0, pageSize);
      Entry last = rows.getLast();
      next = Optional.of(Cursor.after(last.accessedAt(), last.requestId()).encode());
    }
    return new Page(List.copyOf(rows), pageSize, next);
  }

  private static List<String> words(String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split(","));
  }
}
