package io.serialtrace.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Fails when a resource method answers HTTP without declaring who may call it: every endpoint has
 * {@code @RolesAllowed} (or {@code @DenyAll}); {@code @PermitAll} is for health, metrics and
 * openapi only, none of which is a resource class here. Roles named must be ones the tokens carry.
 */
class SecurityAnnotationTest {

  @Test
  void everyResourceMethodDeclaresItsRoles() {
    // 1. Every resource class compiled from src/main, and each HTTP method of it.
    List<Class<?>> resources = ResourceClasses.all();
    assertThat(resources).as("resource classes found").hasSizeGreaterThanOrEqualTo(6);
    List<String> undeclared = new ArrayList<>();
    List<String> permitted = new ArrayList<>();
    for (Class<?> resource : resources) {
      for (Method method : ResourceClasses.endpoints(resource)) {
        String name = resource.getSimpleName() + "." + method.getName();
        // 2. A method-level annotation, or a class-level one for every method.
        boolean declared =
            method.isAnnotationPresent(RolesAllowed.class)
                || method.isAnnotationPresent(DenyAll.class)
                || method.isAnnotationPresent(PermitAll.class)
                || resource.isAnnotationPresent(RolesAllowed.class)
                || resource.isAnnotationPresent(DenyAll.class)
                || resource.isAnnotationPresent(PermitAll.class);
        if (!declared) {
          undeclared.add(name);
        }
        if (method.isAnnotationPresent(PermitAll.class)
            || resource.isAnnotationPresent(PermitAll.class)) {
          permitted.add(name);
        }
      }
    }
    // 3. None is missing, and no data endpoint is open to anyone.
    assertThat(undeclared).as("resource methods without a security annotation").isEmpty();
    assertThat(permitted).as("resource methods open without a token").isEmpty();
  }

  @Test
  void declaredRolesAreRolesTokensCarryAndDevicesReadNothing() {
    Set<String> known = knownRoles();
    for (Class<?> resource : ResourceClasses.all()) {
      for (Method method : ResourceClasses.endpoints(resource)) {
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
          roles = resource.getAnnotation(RolesAllowed.class);
        }
        if (roles == null) {
          continue;
        }
        assertThat(known)
            .as("roles of %s.%s", resource.getSimpleName(), method.getName())
            .containsAll(Arrays.asList(roles.value()));
        assertThat(roles.value()).as("device may read nothing").doesNotContain(Roles.DEVICE);
      }
    }
  }

  @Test
  void roleConstantsAreTheTokenClaimValuesOfLocalStacksRoleEnum() {
    Set<String> claims =
        Arrays.stream(io.serialtrace.stack.auth.Role.values())
            .map(io.serialtrace.stack.auth.Role::claim)
            .collect(Collectors.toSet());
    assertThat(knownRoles()).isEqualTo(claims);
  }

  static Set<String> knownRoles() {
    return Arrays.stream(Roles.class.getDeclaredFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
        .map(
            f -> {
              try {
                return (String) f.get(null);
              } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
              }
            })
        .collect(Collectors.toSet());
  }
}
