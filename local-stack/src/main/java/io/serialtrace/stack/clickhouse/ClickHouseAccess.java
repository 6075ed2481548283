package io.serialtrace.stack.clickhouse;

import static io.serialtrace.stack.clickhouse.ClickHouseGrant.grant;

import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what in ClickHouse: one entry per user, with the settings that name it and hold its
 * password, its profile, the networks it may log in from, its grants, and where it exists. The
 * local stack renders its {@code users.xml} from this declaration ({@link ClickHouseUsersXml}); the
 * helm chart's ClickHouse users are generated from the entries and grants that exist {@link
 * Scope#EVERYWHERE} (helm module). Nothing else lists a ClickHouse grant, and no user holds {@code
 * ALL}.
 *
 * <p>The local engine's own session logs in as the passwordless {@code default} user (from
 * 127.0.0.1, so it cannot be fenced off by network), which therefore gets only what the keep-alive
 * query needs. The owner owns the databases named {@code trace*} (schema migrations; locally also
 * tests' scratch databases) and, locally, may kill queries (that is how the stack stops the
 * server). The services run with less.
 *
 * <p>Analysts read only the documented views ({@link Names#ANALYST_VIEWS}), never a raw table: the
 * views run with their definer's rights ({@code SQL SECURITY DEFINER}, migration V007), so a grant
 * on a view reaches its rows without a grant on the tables under it. A plant-scoped analyst ({@link
 * Rows.OfPlants}) gets a row policy on each view; a policy on the tables would not apply, since a
 * definer view reads them as the owner.
 */
public enum ClickHouseAccess {
  DEFAULT(
      new Login.Passwordless("default"),
      Profile.DEFAULT,
      List.of("127.0.0.1"),
      Optional.of("The engine's own session (keep-alive query) logs in as default from 127.0.0.1."),
      Scope.LOCAL_STACK,
      List.of(grant("*.*", "SYSTEM LISTEN"), grant("system.numbers", "SELECT")),
      new Rows.All()),

  OWNER(
      new Login.Password(StackSetting.CLICKHOUSE_USER, StackSetting.CLICKHOUSE_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.of(
          "Owns the trace databases: the schema migrations (the chart's Job, the sink's start)"
              + " run as it; no service reads or writes rows as it."),
      Scope.EVERYWHERE,
      List.of(
          grant(Names.DATABASES, "SHOW", "SELECT", "INSERT", "ALTER", "CREATE", "DROP")
              .because(
                  "Migrations create, alter and replace tables and views and record themselves;"
                      + " the cluster layout replaces empty tables by Distributed ones."),
          grant("*", "TABLE ENGINE"),
          grant("system.*", "SELECT"),
          grant("*.*", "CLUSTER")
              .because("The cluster layout runs ON CLUSTER (servers may require this grant)."),
          grant(Names.DATABASES, "TRUNCATE", "OPTIMIZE", "SYSTEM MERGES")
              .localStackOnly()
              .because("Tests and benchmarks reset and merge their scratch trace_* databases."),
          grant("*.*", "KILL QUERY", "SYSTEM FLUSH LOGS", "CREATE TEMPORARY TABLE")
              .localStackOnly()
              .because("KILL QUERY stops the server; temporary tables back table functions.")),
      new Rows.All()),

  /** Read-only, e.g. for dashboards: readonly=2 also refuses writes a grant would allow. */
  ANALYST(
      new Login.Password(
          StackSetting.CLICKHOUSE_ANALYST_USER, StackSetting.CLICKHOUSE_ANALYST_PASSWORD),
      Profile.READONLY,
      Networks.LOOPBACK,
      Optional.of(
          "Reads the documented analyst views of every plant; no raw table, no access log."),
      Scope.EVERYWHERE,
      Names.analystViewGrants(),
      new Rows.All()),

  /** The analyst views, only the rows of the plants its setting names. */
  PLANT_ANALYST(
      new Login.Password(
          StackSetting.CLICKHOUSE_PLANT_ANALYST_USER,
          StackSetting.CLICKHOUSE_PLANT_ANALYST_PASSWORD),
      Profile.READONLY,
      Networks.LOOPBACK,
      Optional.of("Reads the analyst views, only the rows of its plants (a row policy per view)."),
      Scope.EVERYWHERE,
      Names.analystViewGrants(),
      new Rows.OfPlants(StackSetting.CLICKHOUSE_PLANT_ANALYST_PLANTS)),

  SINK(
      new Login.Password(StackSetting.CLICKHOUSE_SINK_USER, StackSetting.CLICKHOUSE_SINK_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.of(
          "genealogy-sink's rows: insert and read back, no DDL, no DROP (migrations use the"
              + " owner)."),
      Scope.EVERYWHERE,
      List.of(grant(Names.DATABASE + ".*", "INSERT", "SELECT")),
      new Rows.All()),

  /**
   * trace-api. The grant names {@link Names#RECORD_ACCESS_TABLE} even before a sink migration
   * creates it: ClickHouse checks grants at query time, not against existing tables.
   */
  API(
      new Login.Password(StackSetting.CLICKHOUSE_API_USER, StackSetting.CLICKHOUSE_API_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.of("trace-api: reads everything in trace, writes only its audit of who read what."),
      Scope.EVERYWHERE,
      List.of(grant(Names.DATABASE + ".*", "SELECT"), grant(Names.RECORD_ACCESS_TABLE, "INSERT")),
      new Rows.All());

  /** The names the grants are about. */
  public static final class Names {
    /** The application's database. */
    public static final String DATABASE = "trace";

    /** Every database whose name starts with {@value #DATABASE}, tests' scratch ones included. */
    public static final String DATABASES = DATABASE + "*.*";

    /** trace-api's audit of who read which record. */
    public static final String RECORD_ACCESS_TABLE = DATABASE + ".record_access";

    /**
     * The documented analyst views (genealogy-sink's migrations V002, V005; definer rights from
     * V007), each with a {@value #PLANT_COLUMN} column: all an analyst may read.
     */
    public static final List<String> ANALYST_VIEWS =
        List.of(
            DATABASE + ".v_unit_genealogy_edges",
            DATABASE + ".v_measurements_spc",
            DATABASE + ".v_violations",
            DATABASE + ".v_units",
            DATABASE + ".v_contemporaneity_by_station_shift");

    /** The column a plant-scoped user's row policies filter on. */
    public static final String PLANT_COLUMN = "plant";

    private Names() {}

    static List<ClickHouseGrant> analystViewGrants() {
      return ANALYST_VIEWS.stream().map(view -> grant(view, "SELECT", "SHOW")).toList();
    }
  }

  /** Which rows a user reads of the tables its grants reach. */
  public sealed interface Rows {
    /** Every row. */
    record All() implements Rows {}

    /**
     * Only rows whose {@link Names#PLANT_COLUMN} is one of the comma-separated plants of the
     * setting: a row policy on each of {@link Names#ANALYST_VIEWS}.
     */
    record OfPlants(StackSetting plants) implements Rows {}
  }

  /** How a user logs in. */
  public sealed interface Login {
    /** A fixed name and no password: only the engine's own {@code default} user. */
    record Passwordless(String user) implements Login {}

    /** Name and password from settings; the password is stored as its SHA-256. */
    record Password(StackSetting user, StackSetting password) implements Login {}
  }

  /** The settings profile a user runs queries with, and the settings it sets. */
  public enum Profile {
    DEFAULT("default", Map.of()),
    /** {@code readonly=2}: reads only, but drivers may still set per-query settings. */
    READONLY("readonly", Map.of("readonly", "2"));

    private final String xmlName;
    private final Map<String, String> settings;

    Profile(String xmlName, Map<String, String> settings) {
      this.xmlName = xmlName;
      this.settings = settings;
    }

    /** Its name in {@code users.xml} and in the chart's ClickHouseInstallation. */
    public String xmlName() {
      return xmlName;
    }

    /** The settings it fixes, e.g. {@code readonly=2}. */
    public Map<String, String> settings() {
      return settings;
    }
  }

  /** Where a user or a grant exists. */
  public enum Scope {
    /** The local stack and the chart's ClickHouse. */
    EVERYWHERE,
    /** Only the local stack: the embedded engine's own needs, tests' and benchmarks' set-up. */
    LOCAL_STACK
  }

  private static final class Networks {
    static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");
  }

  private final Login login;
  private final Profile profile;
  private final List<String> networks;
  private final Optional<String> why;
  private final Scope scope;
  private final List<ClickHouseGrant> grants;
  private final Rows rows;

  ClickHouseAccess(
      Login login,
      Profile profile,
      List<String> networks,
      Optional<String> why,
      Scope scope,
      List<ClickHouseGrant> grants,
      Rows rows) {
    this.login = login;
    this.profile = profile;
    this.networks = networks;
    this.why = why;
    this.scope = scope;
    this.grants = grants;
    this.rows = rows;
  }

  public Login login() {
    return login;
  }

  public Profile profile() {
    return profile;
  }

  /** The addresses the user may log in from. */
  public List<String> networks() {
    return networks;
  }

  /** What the user is for, when its name does not say it. */
  public Optional<String> why() {
    return why;
  }

  /** Where the user exists. */
  public Scope scope() {
    return scope;
  }

  /** Every grant of the user, as the local stack applies them. */
  public List<ClickHouseGrant> grants() {
    return grants;
  }

  /** Which rows the user reads. */
  public Rows rows() {
    return rows;
  }

  /** The users a deployment beside the local stack (the chart) creates. */
  public static List<ClickHouseAccess> everywhere() {
    return Arrays.stream(values()).filter(a -> a.scope == Scope.EVERYWHERE).toList();
  }

  /** The grants the user has beside the local stack (the chart's). */
  public List<ClickHouseGrant> grantsEverywhere() {
    return grants.stream().filter(g -> g.scope() == Scope.EVERYWHERE).toList();
  }

  /** The user's name where nothing configures another (the chart; the default local stack). */
  public String defaultUserName() {
    return switch (login) {
      case Login.Passwordless passwordless -> passwordless.user();
      case Login.Password password -> password.user().defaultValue();
    };
  }

  /** The user's name in the stack described by {@code settings}. */
  public String userName(StackSettings settings) {
    return switch (login) {
      case Login.Passwordless passwordless -> passwordless.user();
      case Login.Password password -> settings.get(password.user());
    };
  }
}
