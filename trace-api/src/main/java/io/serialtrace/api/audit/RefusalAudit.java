package io.serialtrace.api.audit;

import io.serialtrace.api.http.ApiProblemException;
import io.serialtrace.api.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Logs refusals (403) as FORBIDDEN rows: who tried to read what they may not. Two kinds: a role
 * refusal of an audited read (a unit, lot or component path), and a {@code plant} filter naming a
 * plant outside the caller's claim, on any endpoint. Best effort: the caller gets the 403 either
 * way and no data was read, so a failed write is logged, not answered with a 503.
 */
@ApplicationScoped
public class RefusalAudit {
  private static final Logger LOG = Logger.getLogger(RefusalAudit.class);

  private final AccessAudit audit;
  private final CurrentCaller caller;

  public RefusalAudit(AccessAudit audit, CurrentCaller caller) {
    this.audit = audit;
    this.caller = caller;
  }

  /** A role refusal of {@code endpoint}; audited when the path names a unit, lot or component. */
  public void refused(String endpoint, UriInfo uri) {
    var path = uri.getPathParameters();
    Optional<Access.TargetKind> kind =
        path.containsKey("lotId")
            ? Optional.of(Access.TargetKind.LOT)
            : path.containsKey("serial")
                ? Optional.of(
                    endpoint.contains("/components/")
                        ? Access.TargetKind.COMPONENT
                        : Access.TargetKind.UNIT)
                : Optional.empty();
    if (kind.isEmpty()) {
      return;
    }
    String target = path.getFirst(kind.get() == Access.TargetKind.LOT ? "lotId" : "serial");
    record(new Access(endpoint, kind.get(), target, Optional.empty(), Access.Outcome.FORBIDDEN));
  }

  /**
   * A {@code plant} filter of {@code endpoint} naming {@code plant}, outside the caller's plants:
   * the row's target and target plant are that plant, so its auditors find the attempt.
   */
  public void outsidePlants(String endpoint, String plant) {
    record(
        new Access(
            endpoint,
            Access.TargetKind.PLANT,
            plant,
            Optional.of(plant),
            Access.Outcome.FORBIDDEN));
  }

  private void record(Access refusal) {
    try {
      audit.record(caller.get(), refusal, 403);
    } catch (ApiProblemException | IllegalStateException e) {
      LOG.errorf(
          "Refusal of %s for %s %s not audited: %s",
          refusal.action(), refusal.kind(), refusal.target(), e);
    }
  }
}
