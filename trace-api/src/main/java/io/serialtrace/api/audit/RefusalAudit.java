package io.serialtrace.api.audit;

import io.serialtrace.api.http.ApiProblemException;
import io.serialtrace.api.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Logs a role refusal (403) of an audited read — a unit, lot or component path — as a FORBIDDEN
 * row: who tried to read what they may not. Best effort: the caller gets the 403 either way and no
 * data was read, so a failed write is logged, not answered with a 503.
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
    try {
      audit.record(
          caller.get(),
          new Access(endpoint, kind.get(), target, Optional.empty(), Access.Outcome.FORBIDDEN),
          403);
    } catch (ApiProblemException | IllegalStateException e) {
      LOG.errorf("Role refusal of %s for %s %s not audited: %s", endpoint, kind.get(), target, e);
    }
  }
}
