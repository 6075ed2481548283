package io.serialtrace.stack.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.stack.StackException;
import io.serialtrace.stack.StackSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The ClickHouse users the local stack declares, read back from the {@code users.xml} it renders:
 * each service gets what its job needs and nothing more. ClickHouseGrantsIT (genealogy-sink) checks
 * the same rights against the running server.
 */
class ClickHouseAccessTest {
  private static final StackSettings DEFAULTS =
      StackSettings.from(Path.of("/opt/trace-checkout"), name -> null);

  /** One user as users.xml declares it. */
  private record RenderedUser(
      String password,
      List<String> networks,
      String profile,
      List<String> grants,
      Map<String, String> rowFilters) {}

  private static final List<String> VIEW_GRANTS =
      List.of(
          "GRANT SELECT, SHOW ON trace.v_unit_genealogy_edges",
          "GRANT SELECT, SHOW ON trace.v_measurements_spc",
          "GRANT SELECT, SHOW ON trace.v_violations",
          "GRANT SELECT, SHOW ON trace.v_units",
          "GRANT SELECT, SHOW ON trace.v_contemporaneity_by_station_shift");

  @Test
  void rendersEveryDeclaredUserWithItsGrants() throws Exception {
    // 1. render with the default settings
    Map<String, RenderedUser> users = parse(ClickHouseUsersXml.render(DEFAULTS));

    // 2. the users and their grants, in declaration order
    assertThat(users)
        .containsOnlyKeys(
            "default", "trace", "analyst", "analyst_plant", "trace_sink", "trace_api");
    assertThat(users.get("default").grants())
        .containsExactly("GRANT SYSTEM LISTEN ON *.*", "GRANT SELECT ON system.numbers");
    assertThat(users.get("trace").grants())
        .containsExactly(
            "GRANT SHOW, SELECT, INSERT, ALTER, CREATE, DROP ON trace*.*",
            "GRANT TABLE ENGINE ON *",
            "GRANT SELECT ON system.*",
            "GRANT CLUSTER ON *.*",
            "GRANT TRUNCATE, OPTIMIZE, SYSTEM MERGES ON trace*.*",
            "GRANT KILL QUERY, SYSTEM FLUSH LOGS, CREATE TEMPORARY TABLE ON *.*");
    assertThat(users.get("analyst").grants()).containsExactlyElementsOf(VIEW_GRANTS);
    assertThat(users.get("analyst_plant").grants()).containsExactlyElementsOf(VIEW_GRANTS);
    assertThat(users.get("trace_sink").grants()).containsExactly("GRANT INSERT, SELECT ON trace.*");
    assertThat(users.get("trace_api").grants())
        .containsExactly("GRANT SELECT ON trace.*", "GRANT INSERT ON trace.record_access");
  }

  @Test
  void onlyTheEnginesOwnUserIsPasswordlessAndItReachesLoopbackOnly() throws Exception {
    Map<String, RenderedUser> users = parse(ClickHouseUsersXml.render(DEFAULTS));

    assertThat(users.get("default").password()).isEqualTo("no_password");
    assertThat(users.get("default").networks()).containsExactly("127.0.0.1");
    assertThat(users.get("trace").password()).isEqualTo("sha256:" + sha256("trace-local"));
    assertThat(users.get("trace_sink").password())
        .isEqualTo("sha256:" + sha256("trace-sink-local"));
    assertThat(users.get("trace_api").password()).isEqualTo("sha256:" + sha256("trace-api-local"));
    assertThat(users.get("analyst").password()).isEqualTo("sha256:" + sha256("analyst-local"));
    users.values().forEach(user -> assertThat(user.networks()).isSubsetOf("127.0.0.1", "::1"));
  }

  @Test
  void theSinkInsertsAndReadsButCannotDropOrChangeTheSchema() {
    assertThat(privileges(ClickHouseAccess.SINK)).containsExactlyInAnyOrder("INSERT", "SELECT");
    assertThat(ClickHouseAccess.SINK.grants()).allMatch(grant -> grant.on().equals("trace.*"));
  }

  @Test
  void theApiReadsTheRecordAndInsertsOnlyIntoItsAccessAudit() {
    assertThat(privileges(ClickHouseAccess.API)).containsOnly("SELECT", "INSERT");
    assertThat(ClickHouseAccess.API.grants())
        .filteredOn(grant -> grant.privileges().contains("INSERT"))
        .singleElement()
        .satisfies(grant -> assertThat(grant.on()).isEqualTo("trace.record_access"))
        .satisfies(grant -> assertThat(grant.privileges()).containsExactly("INSERT"));
  }

  @Test
  void theAnalystOnlyReadsUnderAReadOnlyProfile() throws Exception {
    assertThat(privileges(ClickHouseAccess.ANALYST)).containsOnly("SELECT", "SHOW");
    assertThat(ClickHouseAccess.ANALYST.profile()).isEqualTo(ClickHouseAccess.Profile.READONLY);
    assertThat(parse(ClickHouseUsersXml.render(DEFAULTS)).get("analyst").profile())
        .isEqualTo("readonly");
  }

  @Test
  void analystsReadOnlyTheDocumentedViewsNeverARawTable() {
    for (ClickHouseAccess analyst :
        List.of(ClickHouseAccess.ANALYST, ClickHouseAccess.PLANT_ANALYST)) {
      assertThat(analyst.grants())
          .as("%s", analyst)
          .extracting(ClickHouseGrant::on)
          .containsExactlyElementsOf(ClickHouseAccess.Names.ANALYST_VIEWS);
    }
    assertThat(ClickHouseAccess.Names.ANALYST_VIEWS).allMatch(view -> view.startsWith("trace.v_"));
  }

  @Test
  void thePlantScopedAnalystGetsARowPolicyOnEveryViewAndTheOthersNone() throws Exception {
    // 1. the default plants (P1), then two configured ones
    Map<String, RenderedUser> users = parse(ClickHouseUsersXml.render(DEFAULTS));
    Map<String, RenderedUser> twoPlants =
        parse(
            ClickHouseUsersXml.render(
                StackSettings.from(
                    Path.of("/opt/trace-checkout"),
                    Map.of("TRACE_CLICKHOUSE_PLANT_ANALYST_PLANTS", "P1, P-2")::get)));

    // 2. one filter per analyst view, on the plant column
    Map<String, String> expected = new LinkedHashMap<>();
    ClickHouseAccess.Names.ANALYST_VIEWS.forEach(view -> expected.put(view, "plant IN ('P1')"));
    assertThat(users.get("analyst_plant").rowFilters()).isEqualTo(expected);
    assertThat(twoPlants.get("analyst_plant").rowFilters().values())
        .containsOnly("plant IN ('P1', 'P-2')");
    // 3. nobody else is filtered: a policy binds only the user it is declared under
    users.forEach(
        (name, user) -> {
          if (!name.equals("analyst_plant")) {
            assertThat(user.rowFilters()).as(name).isEmpty();
          }
        });
  }

  @Test
  void refusesPlantsThatWouldNotBeAPlantList() {
    for (String plants : List.of(" , ", "P1') OR 1=1 --", "P 1")) {
      StackSettings settings =
          StackSettings.from(
              Path.of("/opt/trace-checkout"),
              Map.of("TRACE_CLICKHOUSE_PLANT_ANALYST_PLANTS", plants)::get);
      assertThatThrownBy(() -> ClickHouseUsersXml.render(settings))
          .as(plants)
          .isInstanceOf(StackException.class)
          .hasMessageContaining("TRACE_CLICKHOUSE_PLANT_ANALYST_PLANTS=");
    }
  }

  @Test
  void theEnginesOwnUserCannotReadTheData() {
    assertThat(ClickHouseAccess.DEFAULT.grants())
        .allMatch(grant -> !grant.on().startsWith("trace") && !grant.privileges().contains("ALL"));
  }

  @Test
  void noUserHoldsAll() {
    for (ClickHouseAccess access : ClickHouseAccess.values()) {
      assertThat(privileges(access)).as("%s", access).doesNotContain("ALL");
    }
  }

  @Test
  void beyondTheLocalStackOnlyTheServiceUsersTheOwnerAndTheAnalystExist() {
    // 1. the engine's own passwordless user is a local-stack need
    assertThat(ClickHouseAccess.everywhere())
        .containsExactly(
            ClickHouseAccess.OWNER,
            ClickHouseAccess.ANALYST,
            ClickHouseAccess.PLANT_ANALYST,
            ClickHouseAccess.SINK,
            ClickHouseAccess.API);
    // 2. the owner keeps its migration rights there, but not the tests' resets or KILL QUERY
    assertThat(
            ClickHouseAccess.OWNER.grantsEverywhere().stream()
                .flatMap(grant -> grant.privileges().stream()))
        .contains("CREATE", "ALTER", "DROP")
        .doesNotContain("TRUNCATE", "OPTIMIZE", "KILL QUERY", "SYSTEM FLUSH LOGS");
    // 3. the services keep every grant they have locally
    assertThat(ClickHouseAccess.SINK.grantsEverywhere()).isEqualTo(ClickHouseAccess.SINK.grants());
    assertThat(ClickHouseAccess.API.grantsEverywhere()).isEqualTo(ClickHouseAccess.API.grants());
  }

  @Test
  void onlyTheOwnerMayRunDdlOrKillQueries() {
    assertThat(privileges(ClickHouseAccess.OWNER)).contains("CREATE", "DROP", "KILL QUERY");
    for (ClickHouseAccess other : ClickHouseAccess.values()) {
      if (other != ClickHouseAccess.OWNER) {
        assertThat(privileges(other))
            .as("%s", other)
            .noneMatch(
                p ->
                    p.startsWith("KILL")
                        || p.startsWith("DROP")
                        || p.startsWith("ALTER")
                        || p.startsWith("CREATE")
                        || p.startsWith("TRUNCATE"));
      }
    }
  }

  @Test
  void usesTheConfiguredNamesAndRefusesTwoUsersWithOne() {
    StackSettings renamed =
        StackSettings.from(
            Path.of("/opt/trace-checkout"),
            Map.of("TRACE_CLICKHOUSE_SINK_USER", "sink_x", "TRACE_CLICKHOUSE_API_USER", "api_x")
                ::get);
    assertThat(ClickHouseUsersXml.render(renamed)).contains("<sink_x>", "<api_x>");

    StackSettings clash =
        StackSettings.from(
            Path.of("/opt/trace-checkout"), Map.of("TRACE_CLICKHOUSE_API_USER", "trace")::get);
    assertThatThrownBy(() -> ClickHouseUsersXml.render(clash))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("TRACE_CLICKHOUSE_USER and TRACE_CLICKHOUSE_API_USER are both");
  }

  @Test
  void refusesNamesThatAreNotXmlElementsOrShadowTheEnginesUser() {
    for (String name : List.of("default", "bad-name", "1st")) {
      StackSettings settings =
          StackSettings.from(
              Path.of("/opt/trace-checkout"), Map.of("TRACE_CLICKHOUSE_ANALYST_USER", name)::get);
      assertThatThrownBy(() -> ClickHouseUsersXml.render(settings))
          .as(name)
          .hasMessageContaining("TRACE_CLICKHOUSE_ANALYST_USER=" + name + " is not a usable");
    }
  }

  private static List<String> privileges(ClickHouseAccess access) {
    return access.grants().stream().flatMap(grant -> grant.privileges().stream()).toList();
  }

  private static Map<String, RenderedUser> parse(String xml) throws Exception {
    Element users =
        (Element)
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement()
                .getElementsByTagName("users")
                .item(0);
    Map<String, RenderedUser> parsed = new LinkedHashMap<>();
    for (Element user : children(users)) {
      Element hash = first(user, "password_sha256_hex");
      parsed.put(
          user.getTagName(),
          new RenderedUser(
              hash == null ? first(user, "no_password").getTagName() : "sha256:" + text(hash),
              texts(user, "ip"),
              text(first(user, "profile")),
              texts(user, "query"),
              rowFilters(user)));
    }
    return parsed;
  }

  /** {@code db.table -> filter} from {@code <databases><db><table><filter>}. */
  private static Map<String, String> rowFilters(Element user) {
    Map<String, String> filters = new LinkedHashMap<>();
    Element databases = first(user, "databases");
    if (databases != null) {
      for (Element database : children(databases)) {
        for (Element table : children(database)) {
          filters.put(
              database.getTagName() + "." + table.getTagName(), text(first(table, "filter")));
        }
      }
    }
    return filters;
  }

  private static List<Element> children(Element parent) {
    NodeList nodes = parent.getChildNodes();
    return IntStream.range(0, nodes.getLength())
        .mapToObj(nodes::item)
        .filter(node -> node.getNodeType() == Node.ELEMENT_NODE)
        .map(Element.class::cast)
        .toList();
  }

  private static Element first(Element parent, String tag) {
    return (Element) parent.getElementsByTagName(tag).item(0);
  }

  private static List<String> texts(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return IntStream.range(0, nodes.getLength())
        .mapToObj(i -> nodes.item(i).getTextContent())
        .toList();
  }

  private static String text(Element element) {
    return element.getTextContent();
  }

  private static String sha256(String password) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
  }
}
