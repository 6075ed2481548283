package io.serialtrace.gate.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.stack.auth.Role;
import jakarta.annotation.security.RolesAllowed;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The roles the state endpoint names are the platform's words, and devices are not among them. */
class StateReadersTest {

  @Test
  void theEndpointNamesPlatformRolesAndNoDevice() throws Exception {
    RolesAllowed roles =
        UnitStateResource.class.getMethod("state", String.class).getAnnotation(RolesAllowed.class);
    List<String> platform = Arrays.stream(Role.values()).map(Role::claim).toList();

    assertThat(roles).isNotNull();
    assertThat(roles.value())
        .allMatch(platform::contains)
        .containsExactlyInAnyOrder(
            Role.OPERATOR.claim(),
            Role.QUALITY.claim(),
            Role.AUDITOR.claim(),
            Role.ANALYST.claim(),
            Role.ADMIN.claim())
        .doesNotContain(Role.DEVICE.claim());
  }
}
