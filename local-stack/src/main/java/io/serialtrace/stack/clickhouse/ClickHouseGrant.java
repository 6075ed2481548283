package io.serialtrace.stack.clickhouse;

import java.util.List;
import java.util.Optional;

/**
 * One {@code GRANT} of a ClickHouse user: privileges on a target ({@code db.table}, {@code db.*},
 * {@code db*.*}, {@code *.*} or {@code *}), where it applies, and the reason when it is not
 * obvious.
 */
public record ClickHouseGrant(
    List<String> privileges, String on, Optional<String> why, ClickHouseAccess.Scope scope) {
  public ClickHouseGrant {
    privileges = List.copyOf(privileges);
    if (privileges.isEmpty() || on.isBlank()) {
      throw new IllegalArgumentException("a grant names privileges and a target");
    }
  }

  /** {@code GRANT privileges ON target}, everywhere, with no reason given. */
  public static ClickHouseGrant grant(String on, String... privileges) {
    return new ClickHouseGrant(
        List.of(privileges), on, Optional.empty(), ClickHouseAccess.Scope.EVERYWHERE);
  }

  /** The same grant, with the reason it exists. */
  public ClickHouseGrant because(String reason) {
    return new ClickHouseGrant(privileges, on, Optional.of(reason), scope);
  }

  /** The same grant, on the local stack only (what its tests and its own stop need). */
  public ClickHouseGrant localStackOnly() {
    return new ClickHouseGrant(privileges, on, why, ClickHouseAccess.Scope.LOCAL_STACK);
  }

  /** The statement, e.g. {@code GRANT INSERT, SELECT ON trace.*}. */
  public String sql() {
    return "GRANT " + String.join(", ", privileges) + " ON " + on;
  }
}
