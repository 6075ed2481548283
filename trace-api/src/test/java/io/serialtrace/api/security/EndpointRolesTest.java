package io.serialtrace.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.api.http.RolesOf;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The README's "Who may read what" table is the reference for reviewers and auditors; this holds it
 * against the {@code @RolesAllowed} annotations in both directions, so neither can drift.
 */
class EndpointRolesTest {

  @Test
  void readmeRoleTableMatchesTheAnnotations() throws IOException {
    // 1. The table: endpoint -> roles with a check mark.
    Map<String, Set<String>> documented = readmeTable();
    assertThat(documented).as("README table rows").isNotEmpty();
    // 2. The code: endpoint -> @RolesAllowed (methods sharing a path, e.g. JSON and HTML of the
    //    record, must agree with the one row).
    Map<String, Set<String>> declared = new TreeMap<>();
    List<String> disagreeing = new ArrayList<>();
    for (Class<?> resource : ResourceClasses.all()) {
      for (Method method : ResourceClasses.endpoints(resource)) {
        String endpoint = RolesOf.endpoint(method, resource);
        Set<String> roles = new TreeSet<>(RolesOf.method(method, resource));
        Set<String> before = declared.putIfAbsent(endpoint, roles);
        if (before != null && !before.equals(roles)) {
          disagreeing.add(endpoint);
        }
      }
    }
    // 3. Same endpoints, same roles.
    assertThat(disagreeing).as("methods of one endpoint with different roles").isEmpty();
    assertThat(documented).isEqualTo(declared);
  }

  /** Rows like {@code | `GET /v1/units/{serial}` | ✓ | – | ... |} under the role header row. */
  static Map<String, Set<String>> readmeTable() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    Map<String, Set<String>> table = new TreeMap<>();
    List<String> header = List.of();
    for (String line : lines) {
      if (line.startsWith("| endpoint | operator |")) {
        header = cells(line);
        continue;
      }
      if (header.isEmpty() || !line.startsWith("| `")) {
        if (!header.isEmpty() && !line.startsWith("|")) {
          break;
        }
        continue;
      }
      List<String> row = cells(line);
      Set<String> roles = new TreeSet<>();
      for (int i = 1; i < header.size(); i++) {
        if (row.get(i).equals("✓")) {
          roles.add(header.get(i));
        }
      }
      table.put(row.getFirst().replace("`", ""), roles);
    }
    return table;
  }

  private static List<String> cells(String line) {
    String inner = line.strip().substring(1, line.strip().length() - 1);
    return java.util.Arrays.stream(inner.split("\\|")).map(String::strip).toList();
  }
}
