package io.serialtrace.stack.clickhouse;

import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The {@code users.xml} of the local ClickHouse, rendered from {@link ClickHouseAccess}. */
public final class ClickHouseUsersXml {
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PLANT = Pattern.compile("[A-Za-z0-9_-]+");

  private ClickHouseUsersXml() {}

  /**
   * Every user of {@link ClickHouseAccess} with the names and passwords of {@code settings}; throws
   * when a configured name is unusable or two users share one (each has its own rights).
   */
  public static String render(StackSettings settings) {
    StringBuilder xml = new StringBuilder("<clickhouse>\n  <profiles>\n");
    for (ClickHouseAccess.Profile profile : ClickHouseAccess.Profile.values()) {
      xml.append("    <").append(profile.xmlName()).append('>');
      profile
          .settings()
          .forEach(
              (name, value) ->
                  xml.append('<')
                      .append(name)
                      .append('>')
                      .append(value)
                      .append("</")
                      .append(name)
                      .append('>'));
      xml.append("</").append(profile.xmlName()).append(">\n");
    }
    xml.append("  </profiles>\n  <quotas><default/></quotas>\n  <users>\n");
    Map<String, ClickHouseAccess> seen = new HashMap<>();
    for (ClickHouseAccess access : ClickHouseAccess.values()) {
      String user = userName(access, settings);
      ClickHouseAccess other = seen.put(user, access);
      if (other != null) {
        throw new StackException(
            describe(other)
                + " and "
                + describe(access)
                + " are both '"
                + user
                + "': each ClickHouse user has its own rights, so the names must differ");
      }
      appendUser(xml, access, user, settings);
    }
    return xml.append("  </users>\n</clickhouse>\n").toString();
  }

  private static void appendUser(
      StringBuilder xml, ClickHouseAccess access, String user, StackSettings settings) {
    access.why().ifPresent(why -> xml.append("    <!-- ").append(why).append(" -->\n"));
    xml.append("    <").append(user).append(">\n");
    xml.append("      ")
        .append(
            switch (access.login()) {
              case ClickHouseAccess.Login.Passwordless passwordless -> "<no_password/>";
              case ClickHouseAccess.Login.Password password ->
                  "<password_sha256_hex>"
                      + sha256(settings.get(password.password()))
                      + "</password_sha256_hex>";
            })
        .append('\n');
    xml.append("      <networks>");
    access.networks().forEach(ip -> xml.append("<ip>").append(ip).append("</ip>"));
    xml.append("</networks>\n");
    xml.append("      <profile>").append(access.profile().xmlName()).append("</profile>\n");
    xml.append("      <quota>default</quota>\n");
    xml.append("      <grants>\n");
    for (ClickHouseGrant grant : access.grants()) {
      grant.why().ifPresent(why -> xml.append("        <!-- ").append(why).append(" -->\n"));
      xml.append("        <query>").append(grant.sql()).append("</query>\n");
    }
    xml.append("      </grants>\n");
    if (access.rows() instanceof ClickHouseAccess.Rows.OfPlants plants) {
      appendRowPolicies(xml, rowFilter(plants, settings));
    }
    xml.append("    </").append(user).append(">\n");
  }

  /**
   * One row policy per analyst view ({@code <databases><db><table><filter>}); it binds this user
   * only, so the other users keep every row.
   */
  private static void appendRowPolicies(StringBuilder xml, String filter) {
    xml.append("      <databases>\n");
    Map<String, List<String>> viewsByDatabase = new TreeMap<>();
    for (String view : ClickHouseAccess.Names.ANALYST_VIEWS) {
      int dot = view.indexOf('.');
      viewsByDatabase
          .computeIfAbsent(view.substring(0, dot), db -> new ArrayList<>())
          .add(view.substring(dot + 1));
    }
    viewsByDatabase.forEach(
        (database, views) -> {
          xml.append("        <").append(database).append(">\n");
          for (String view : views) {
            xml.append("          <").append(view).append("><filter>");
            xml.append(filter);
            xml.append("</filter></").append(view).append(">\n");
          }
          xml.append("        </").append(database).append(">\n");
        });
    xml.append("      </databases>\n");
  }

  /**
   * {@code plant IN ('P1', 'P2')} from the setting's comma-separated plants, each checked because
   * it becomes SQL.
   */
  static String rowFilter(ClickHouseAccess.Rows.OfPlants rows, StackSettings settings) {
    List<String> plants =
        Arrays.stream(settings.get(rows.plants()).split(","))
            .map(String::strip)
            .filter(plant -> !plant.isEmpty())
            .toList();
    if (plants.isEmpty() || !plants.stream().allMatch(plant -> PLANT.matcher(plant).matches())) {
      throw new StackException(
          rows.plants().environmentVariable()
              + "="
              + settings.get(rows.plants())
              + " is not a list of plants: one or more comma-separated ids of letters, digits,"
              + " _ and -");
    }
    return ClickHouseAccess.Names.PLANT_COLUMN
        + " IN ("
        + String.join(", ", plants.stream().map(plant -> "'" + plant + "'").toList())
        + ")";
  }

  /** A user name from settings, checked because it becomes an XML element name. */
  private static String userName(ClickHouseAccess access, StackSettings settings) {
    String user = access.userName(settings);
    if (access.login() instanceof ClickHouseAccess.Login.Password password
        && (!USER_NAME.matcher(user).matches() || user.equals("default"))) {
      throw new StackException(
          password.user().environmentVariable()
              + "="
              + user
              + " is not a usable ClickHouse user name: letters, digits and _, not 'default'");
    }
    return user;
  }

  private static String describe(ClickHouseAccess access) {
    return switch (access.login()) {
      case ClickHouseAccess.Login.Passwordless passwordless -> "the engine's own user";
      case ClickHouseAccess.Login.Password password -> password.user().environmentVariable();
    };
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
