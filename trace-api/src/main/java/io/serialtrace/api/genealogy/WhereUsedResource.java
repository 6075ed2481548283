package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.audit.Access;
import io.serialtrace.api.audit.AccessAudit;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.Caller;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.Roles;
import io.serialtrace.api.units.DerivedUnitStatus;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Recall scope of a lot or of a serialized component, as JSON (paginated) or CSV (all), limited to
 * the caller's plants unless the caller has {@code recall} or {@code admin} (see {@link
 * RecallService}). Each read is written to the access log.
 */
@Path("/v1")
public class WhereUsedResource {
  static final String CSV = "text/csv";

  /** What the OpenAPI document says of the CSV export's first line (README: recall scopes). */
  static final String CSV_WITHHELD =
      " The CSV export's first line is a comment, `# withheld_units=N (...)`: how many units of the"
          + " scope lie in plants outside the caller's and are not listed (the JSON answer's"
          + " withheldUnits; 0 with recall or admin); the header row follows.";

  static final String LOT = "GET /v1/lots/{lotId}/where-used";
  static final String COMPONENT = "GET /v1/components/{serial}/where-used";

  private final RecallService recall;
  private final GenealogyStore genealogy;
  private final ApiSettings settings;
  private final CurrentCaller caller;
  private final AccessAudit audit;

  public WhereUsedResource(
      RecallService recall,
      GenealogyStore genealogy,
      ApiSettings settings,
      CurrentCaller caller,
      AccessAudit audit) {
    this.recall = recall;
    this.genealogy = genealogy;
    this.settings = settings;
    this.caller = caller;
    this.audit = audit;
  }

  @GET
  @Path("/lots/{lotId}/where-used")
  @Produces({MediaType.APPLICATION_JSON, CSV})
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN, Roles.RECALL})
  @Operation(
      summary =
          "Every unit a lot went into, at every level and plant, split by state;"
              + " ?format=csv or Accept: text/csv exports the whole (filtered) scope",
      description = CSV_WITHHELD)
  public Response lot(
      @PathParam("lotId") String lotId,
      @QueryParam("depth") String depth,
      @QueryParam("state") String state,
      @QueryParam("plant") String plant,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset,
      @QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    return whereUsed(
        "lot", Params.path("lotId", lotId), depth, state, plant, limit, offset, format, accept);
  }

  @GET
  @Path("/components/{serial}/where-used")
  @Produces({MediaType.APPLICATION_JSON, CSV})
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN, Roles.RECALL})
  @Operation(
      summary = "Every unit a serialized component went into, at every level and plant",
      description = CSV_WITHHELD)
  public Response component(
      @PathParam("serial") String serial,
      @QueryParam("depth") String depth,
      @QueryParam("state") String state,
      @QueryParam("plant") String plant,
      @QueryParam("limit") String limit,
      @QueryParam("offset") String offset,
      @QueryParam("format") String format,
      @HeaderParam(HttpHeaders.ACCEPT) String accept) {
    return whereUsed(
        "component",
        Params.path("serial", serial),
        depth,
        state,
        plant,
        limit,
        offset,
        format,
        accept);
  }

  private Response whereUsed(
      String kind,
      String id,
      String depthParam,
      String stateParam,
      String plantParam,
      String limitParam,
      String offsetParam,
      String formatParam,
      String accept) {
    int depth =
        Params.intInRange(
            "depth",
            depthParam,
            settings.genealogy().defaultDepth(),
            1,
            settings.genealogy().maxDepth());
    Optional<DerivedUnitStatus> state = Params.oneOf("state", stateParam, DerivedUnitStatus.class);
    Optional<String> plant = Params.text("plant", plantParam, 100);
    int limit =
        Params.intInRange(
            "limit", limitParam, settings.pages().defaultLimit(), 1, settings.pages().maxLimit());
    int offset = Params.intInRange("offset", offsetParam, 0, 0, Integer.MAX_VALUE);
    boolean csv = wantsCsv(formatParam, accept);
    Caller who = caller.get();
    if (plant.isPresent() && !who.traces(plant.get())) {
      throw new ApiProblem.OutsidePlants("plant", plant.get()).exception();
    }
    String action = "lot".equals(kind) ? LOT : COMPONENT;
    Access.TargetKind target =
        "lot".equals(kind) ? Access.TargetKind.LOT : Access.TargetKind.COMPONENT;
    if (!genealogy.known(id, Direction.UP)) {
      audit.record(who, new Access(action, target, id, Optional.empty(), Access.Outcome.NOT_FOUND));
      throw ApiProblem.notFound(kind, id);
    }
    RecallService.Scope scope = recall.scope(id, depth, who);
    if (!scope.visible()) {
      audit.record(who, new Access(action, target, id, Optional.empty(), Access.Outcome.FORBIDDEN));
      throw ApiProblem.notFound(kind, id);
    }
    audit.record(
        who,
        new Access(
            action + (csv ? " (text/csv)" : ""),
            target,
            id,
            Optional.empty(),
            Access.Outcome.FOUND));
    List<RecallScope.AffectedUnit> matching =
        scope.units().stream()
            .filter(u -> state.isEmpty() || u.state() == state.get())
            .filter(u -> plant.isEmpty() || u.plant().equals(plant.get()))
            .toList();
    if (csv) {
      return Response.ok(csv(matching, scope.withheldUnits()), CSV)
          .header(
              "Content-Disposition",
              "attachment; filename=\"where-used-" + kind + "-" + safe(id) + ".csv\"")
          .build();
    }
    int from = Math.min(offset, matching.size());
    int to = Math.min(matching.size(), from + limit);
    GenealogyWalk.Result walk = scope.walk();
    RecallScope body =
        new RecallScope(
            id,
            kind,
            depth,
            who.tracesEveryPlant()
                ? walk.levels()
                : scope.units().stream().mapToInt(RecallScope.AffectedUnit::depth).max().orElse(0),
            walk.truncation().isPresent(),
            walk.truncation(),
            scope.units().size(),
            RecallService.counts(scope.units()),
            RecallService.plants(scope.units()),
            scope.withheldUnits(),
            matching.size(),
            from,
            limit,
            to < matching.size() ? Optional.of(to) : Optional.empty(),
            matching.subList(from, to));
    return Response.ok(body, MediaType.APPLICATION_JSON).build();
  }

  private static boolean wantsCsv(String format, String accept) {
    if (format != null && !format.isBlank()) {
      return switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default ->
            throw ApiProblem.badParameter(
                "format", "format must be json or csv, got '" + format + "'");
      };
    }
    return accept != null && accept.contains(CSV) && !accept.contains(MediaType.APPLICATION_JSON);
  }

  /**
   * The export: a comment line saying how many units of the scope were withheld (other plants'),
   * the header row, one row per unit.
   */
  static String csv(List<RecallScope.AffectedUnit> units, long withheldUnits) {
    StringBuilder out = new StringBuilder(160 + units.size() * 80);
    out.append("# withheld_units=")
        .append(withheldUnits)
        .append(" (units of this recall scope in plants outside yours: counted, not listed)\r\n");
    out.append("serial,depth,state,stored_status,plant,product,work_order,open_violations\r\n");
    for (RecallScope.AffectedUnit u : units) {
      out.append(cell(u.serial()))
          .append(',')
          .append(u.depth())
          .append(',')
          .append(u.state())
          .append(',')
          .append(cell(u.storedStatus()))
          .append(',')
          .append(cell(u.plant()))
          .append(',')
          .append(cell(u.product()))
          .append(',')
          .append(cell(u.workOrder()))
          .append(',')
          .append(u.openViolations())
          .append("\r\n");
    }
    return out.toString();
  }

  /** RFC 4180 quoting, and a leading quote for cells a spreadsheet would run as a formula. */
  static String cell(String value) {
    String text = value;
    if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
