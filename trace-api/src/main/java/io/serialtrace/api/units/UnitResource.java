package io.serialtrace.api.units;

import io.serialtrace.api.anchor.AnchorCheck;
import io.serialtrace.api.anchor.RecordAnchors;
import io.serialtrace.api.audit.Access;
import io.serialtrace.api.audit.AccessAudit;
import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.api.http.Params;
import io.serialtrace.api.security.CurrentCaller;
import io.serialtrace.api.security.Roles;
import io.serialtrace.schemas.anchor.RecordExport;
import io.serialtrace.schemas.anchor.UnitAnchor;
import io.serialtrace.support.http.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A unit and its production record. Plant-scoped: a unit of a plant outside the caller's {@code
 * plants} claim is the same 404 as an unknown serial. Every read is written to the access log
 * before the answer leaves.
 */
@Path("/v1/units/{serial}")
public class UnitResource {
  static final String UNIT = "GET /v1/units/{serial}";
  static final String RECORD = "GET /v1/units/{serial}/record";
  static final String EXPORT = "GET /v1/units/{serial}/record/export";

  private final UnitStore units;
  private final CurrentCaller caller;
  private final AccessAudit audit;
  private final RecordAnchors anchors;

  public UnitResource(
      UnitStore units, CurrentCaller caller, AccessAudit audit, RecordAnchors anchors) {
    this.units = units;
    this.caller = caller;
    this.audit = audit;
    this.anchors = anchors;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.OPERATOR, Roles.QUALITY, Roles.AUDITOR, Roles.ANALYST, Roles.ADMIN})
  @Operation(
      summary =
          "Status, product, route revision, work order, plant, times, open"
              + " violations and record head of one unit")
  @APIResponse(responseCode = "200", description = "The unit")
  @APIResponse(
      responseCode = "404",
      description = "No such unit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public UnitSummary unit(@PathParam("serial") String serial) {
    String id = Params.path("serial", serial);
    UnitSummary unit = visible(id, UNIT);
    audit.record(caller.get(), found(UNIT, unit));
    return unit;
  }

  @GET
  @Path("/record")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary =
          "The full production record (DHR) in execution order, with the hash-chain"
              + " check; Accept: text/html gives the printable page")
  public UnitRecordView record(@PathParam("serial") String serial) {
    UnitRecordView record = assemble(Params.path("serial", serial));
    audit.record(caller.get(), found(RECORD, record.unit()));
    return record;
  }

  @GET
  @Path("/record")
  @Produces(MediaType.TEXT_HTML)
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ADMIN})
  @Operation(summary = "The printable production record (21 CFR 11.10(b) human-readable copy)")
  public String recordPage(@PathParam("serial") String serial) {
    UnitRecordView record = assemble(Params.path("serial", serial));
    audit.record(caller.get(), found(RECORD + " (text/html)", record.unit()));
    return RecordHtml.render(record);
  }

  @GET
  @Path("/record/export")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.QUALITY, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary =
          "The record with its event bytes and the inclusion proofs of its hashes in the gate's"
              + " signed checkpoints, for the offline verifier (./trace verify-record)")
  public RecordExport export(@PathParam("serial") String serial) {
    String id = Params.path("serial", serial);
    UnitSummary unit = visible(id, EXPORT);
    RecordExport export =
        new RecordExport(
            RecordExport.FORMAT,
            id,
            Instant.now(),
            units.records(id).stream()
                .map(
                    r ->
                        new RecordExport.Entry(
                            r.seq(), r.prevHash(), r.recordHash(), r.eventAvro()))
                .toList(),
            anchors.proofs(id));
    audit.record(caller.get(), found(EXPORT, unit));
    return export;
  }

  /**
   * The unit when the caller may see it; otherwise the access is logged (NOT_FOUND, or FORBIDDEN
   * for another plant's unit) and the answer is the one 404 both share.
   */
  private UnitSummary visible(String id, String action) {
    Optional<UnitSummary> unit = units.summary(id);
    if (unit.isPresent() && caller.get().sees(unit.get().plant())) {
      return unit.get();
    }
    audit.record(
        caller.get(),
        new Access(
            action,
            Access.TargetKind.UNIT,
            id,
            unit.map(UnitSummary::plant),
            unit.isPresent() ? Access.Outcome.FORBIDDEN : Access.Outcome.NOT_FOUND));
    throw ApiProblem.notFound("unit", id);
  }

  private static Access found(String action, UnitSummary unit) {
    return new Access(
        action,
        Access.TargetKind.UNIT,
        unit.serial(),
        Optional.of(unit.plant()),
        Access.Outcome.FOUND);
  }

  private UnitRecordView assemble(String id) {
    UnitSummary unit = visible(id, RECORD);
    Optional<String> publishedHead =
        Optional.ofNullable(units.units(List.of(id)).get(id))
            .filter(u -> !"IN_WORK".equals(u.status()))
            .map(UnitStore.StoredUnit::recordHead)
            .filter(head -> !head.isEmpty());
    List<UnitStore.StoredRecord> records = units.records(id);
    AnchorCheck anchor =
        anchors.check(
            id,
            records.stream().map(r -> new UnitAnchor.StoredHash(r.seq(), r.recordHash())).toList());
    return RecordAssembler.assemble(unit, publishedHead, records, units.violations(id), anchor);
  }
}
