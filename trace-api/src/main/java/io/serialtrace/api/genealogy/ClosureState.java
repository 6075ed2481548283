package io.serialtrace.api.genealogy;

import io.serialtrace.api.ApiSettings;
import io.serialtrace.api.store.ClickHouseStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Whether {@code genealogy_closure} may be read: the newest row of {@code genealogy_closure_state}
 * (genealogy-sink V008) says so. A database that held edges when V008 was applied (an upgrade) has
 * no closure rows for them until the closure-rebuild command runs; until then every trace walks
 * level by level, slower but complete. Read at most once per {@code
 * api.genealogy.closure-state-check-interval}; a state that cannot be read counts as incomplete.
 */
@ApplicationScoped
public class ClosureState {
  private static final Logger LOG = Logger.getLogger(ClosureState.class);

  /** What the table said, and when it was asked. */
  private record Seen(boolean complete, String reason, Instant at) {}

  private final ClickHouseStore store;
  private final Duration interval;
  private volatile Seen seen;

  ClosureState(ClickHouseStore store, ApiSettings settings) {
    this.store = store;
    this.interval = settings.genealogy().closureStateCheckInterval();
  }

  /** Whether every edge's closure rows are in genealogy_closure. */
  public boolean complete() {
    Seen last = seen;
    Instant now = Instant.now();
    if (last != null && now.isBefore(last.at().plus(interval))) {
      return last.complete();
    }
    Seen current = read(now);
    if (last == null || last.complete() != current.complete()) {
      if (current.complete()) {
        LOG.infof("The genealogy closure is complete (%s): traces read it", current.reason());
      } else {
        LOG.warnf(
            "The genealogy closure is not complete (%s): traces and recall scopes walk the edges"
                + " level by level, slower, until genealogy-sink's closure-rebuild runs",
            current.reason());
      }
    }
    seen = current;
    return current.complete();
  }

  private Seen read(Instant now) {
    try {
      List<Seen> rows =
          store.query(
              "SELECT complete, reason FROM "
                  + store.table("genealogy_closure_state")
                  + " ORDER BY at DESC LIMIT 1",
              row -> new Seen(row.number("complete") == 1, row.text("reason"), now));
      return rows.isEmpty()
          ? new Seen(false, "genealogy_closure_state is empty", now)
          : rows.get(0);
    } catch (RuntimeException e) {
      return new Seen(false, "genealogy_closure_state unreadable: " + e.getMessage(), now);
    }
  }
}
