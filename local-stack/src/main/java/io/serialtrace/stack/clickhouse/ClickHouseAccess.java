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
 */
public enum ClickHouseAccess {
  DEFAULT(
      new Login.Passwordless("default"),
      Profile.DEFAULT,
      List.of("127.0.0.1"),
      Optional.of("The engine's own session (keep-alive query) logs in as default from 127.0.0.1."),
      Scope.LOCAL_STACK,
      List.of(grant("*.*", "SYSTEM LISTEN"), grant("system.numbers", "SELECT"))),

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
              .because("KILL QUERY stops the server; temporary tables back table functions."))),

  /** Read-only, e.g. for dashboards: readonly=2 also refuses writes a grant would allow. */
  ANALYST(
      new Login.Password(
          StackSetting.CLICKHOUSE_ANALYST_USER, StackSetting.CLICKHOUSE_ANALYST_PASSWORD),
      Profile.READONLY,
      Networks.LOOPBACK,
      Optional.empty(),
      Scope.EVERYWHERE,
      List.of(grant(Names.DATABASES, "SELECT", "SHOW"))),

  SINK(
      new Login.Password(StackSetting.CLICKHOUSE_SINK_USER, StackSetting.CLICKHOUSE_SINK_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.of(
          "genealogy-sink's rows: insert and read back, no DDL, no DROP (migrations use the"
              + " owner)."),
      Scope.EVERYWHERE,
      List.of(grant(Names.DATABASE + ".*", "INSERT", "SELECT"))),

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
      List.of(grant(Names.DATABASE + ".*", "SELECT"), grant(Names.RECORD_ACCESS_TABLE, "INSERT")));

  /** The names the grants are about. */
  public static final class Names {
    /** The application's database. */
    public static final String DATABASE = "trace";

    /** Every database whose name starts with {@value #DATABASE}, tests' scratch ones included. */
    public static final String DATABASES = DATABASE + "*.*";

    /** trace-api's audit of who read which record. */
    public static final String RECORD_ACCESS_TABLE = DATABASE + ".record_access";

    private Names() {}
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

  ClickHouseAccess(
      Login login,
      Profile profile,
      List<String> networks,
      Optional<String> why,
      Scope scope,
      List<ClickHouseGrant> grants) {
    this.login = login;
    this.profile = profile;
    this.networks = networks;
    this.why = why;
    this.scope = scope;
    this.grants = grants;
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
