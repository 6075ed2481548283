package io.serialtrace.stack.clickhouse;

import java.util.List;
import java.util.Optional;

/**
 * One {@code GRANT} of a ClickHouse user: privileges on a target ({@code db.table}, {@code db.*},
 * {@code db*.*}, {@code *.*} or {@code *}), with the reason when it is not obvious.
 */
public record ClickHouseGrant(List<String> privileges, String on, Optional<String> why) {
  public ClickHouseGrant {
    privileges = List.copyOf(privileges);
    if (privileges.isEmpty() || on.isBlank()) {
      throw new IllegalArgumentException("a grant names privileges and a target");
    }
  }

  /** {@code GRANT privileges ON target}, with no reason given. */
  public static ClickHouseGrant grant(String on, String... privileges) {
    return new ClickHouseGrant(List.of(privileges), on, Optional.empty());
  }

  /** The same grant, with the reason it exists. */
  public ClickHouseGrant because(String reason) {
    return new ClickHouseGrant(privileges, on, Optional.of(reason));
  }

  /** The statement, e.g. {@code GRANT INSERT, SELECT ON trace.*}. */
  public String sql() {
    return "GRANT " + String.join(", ", privileges) + " ON " + on;
  }
}
