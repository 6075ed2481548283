package io.serialtrace.stack.clickhouse;

import static io.serialtrace.stack.clickhouse.ClickHouseGrant.grant;

import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import java.util.List;
import java.util.Optional;

/**
 * Who may do what in ClickHouse: one entry per user, with the settings that name it and hold its
 * password, its profile, the networks it may log in from, and its grants. The local stack renders
 * its {@code users.xml} from this declaration ({@link ClickHouseUsersXml}); nothing else lists a
 * ClickHouse grant.
 *
 * <p>The engine's own session logs in as the passwordless {@code default} user (from 127.0.0.1, so
 * it cannot be fenced off by network), which therefore gets only what the keep-alive query needs.
 * The owner owns every database named {@code trace*} (migrations, DDL, test setup) and may kill
 * queries (that is how the local stack stops the server). The services run with less.
 */
public enum ClickHouseAccess {
  DEFAULT(
      new Login.Passwordless("default"),
      Profile.DEFAULT,
      List.of("127.0.0.1"),
      Optional.of("The engine's own session (keep-alive query) logs in as default from 127.0.0.1."),
      List.of(grant("*.*", "SYSTEM LISTEN"), grant("system.numbers", "SELECT"))),

  OWNER(
      new Login.Password(StackSetting.CLICKHOUSE_USER, StackSetting.CLICKHOUSE_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.empty(),
      List.of(
          grant(Names.DATABASES, "ALL")
              .because("Tests and the sink create and drop their own trace_* databases."),
          grant("*", "TABLE ENGINE"),
          grant("system.*", "SELECT"),
          grant("*.*", "KILL QUERY", "SYSTEM FLUSH LOGS", "CREATE TEMPORARY TABLE")
              .because("KILL QUERY stops the server; temporary tables back table functions."))),

  /** Read-only, e.g. for dashboards: readonly=2 also refuses writes a grant would allow. */
  ANALYST(
      new Login.Password(
          StackSetting.CLICKHOUSE_ANALYST_USER, StackSetting.CLICKHOUSE_ANALYST_PASSWORD),
      Profile.READONLY,
      Networks.LOOPBACK,
      Optional.empty(),
      List.of(grant(Names.DATABASES, "SELECT", "SHOW"))),

  SINK(
      new Login.Password(StackSetting.CLICKHOUSE_SINK_USER, StackSetting.CLICKHOUSE_SINK_PASSWORD),
      Profile.DEFAULT,
      Networks.LOOPBACK,
      Optional.of(
          "genealogy-sink's rows: insert and read back, no DDL, no DROP (migrations use the"
              + " owner)."),
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

  /** The settings profile a user runs queries with (declared in {@code users.xml}). */
  public enum Profile {
    DEFAULT("default"),
    /** {@code readonly=2}: reads only, but drivers may still set per-query settings. */
    READONLY("readonly");

    private final String xmlName;

    Profile(String xmlName) {
      this.xmlName = xmlName;
    }

    public String xmlName() {
      return xmlName;
    }
  }

  private static final class Networks {
    static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");
  }

  private final Login login;
  private final Profile profile;
  private final List<String> networks;
  private final Optional<String> why;
  private final List<ClickHouseGrant> grants;

  ClickHouseAccess(
      Login login,
      Profile profile,
      List<String> networks,
      Optional<String> why,
      List<ClickHouseGrant> grants) {
    this.login = login;
    this.profile = profile;
    this.networks = networks;
    this.why = why;
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

  public List<ClickHouseGrant> grants() {
    return grants;
  }

  /** The user's name in the stack described by {@code settings}. */
  public String userName(StackSettings settings) {
    return switch (login) {
      case Login.Passwordless passwordless -> passwordless.user();
      case Login.Password password -> settings.get(password.user());
    };
  }
}
