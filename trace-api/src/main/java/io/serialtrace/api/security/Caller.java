package io.serialtrace.api.security;

import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is asking, from the verified bearer token.
 *
 * @param subject {@code sub}: the user or device id
 * @param printedName {@code name}: the printed name (empty when the token has none)
 * @param roles {@code groups}
 * @param plants {@code plants}: whose units, traces, violations and recall scopes the caller sees
 * @param tokenId {@code jti} (empty when the token has none)
 */
public record Caller(
    String subject,
    String printedName,
    SortedSet<String> roles,
    SortedSet<String> plants,
    String tokenId) {

  public Caller {
    roles = new TreeSet<>(roles);
    plants = new TreeSet<>(plants);
  }

  public static Caller of(
      String subject,
      String printedName,
      Collection<String> roles,
      Collection<String> plants,
      String tokenId) {
    return new Caller(subject, printedName, new TreeSet<>(roles), new TreeSet<>(plants), tokenId);
  }

  /**
   * Whether every plant's units, records, violations and reports are visible: only {@code admin}.
   */
  public boolean seesEveryPlant() {
    return roles.contains(Roles.ADMIN);
  }

  /**
   * Whether genealogy traces and recall scopes cross into every plant: {@code recall} or {@code
   * admin}.
   */
  public boolean tracesEveryPlant() {
    return seesEveryPlant() || roles.contains(Roles.RECALL);
  }

  /** Whether data owned by {@code plant} is visible outside traces and recall scopes. */
  public boolean sees(String plant) {
    return seesEveryPlant() || plants.contains(plant);
  }

  /** Whether data owned by any of {@code owners} is visible in a trace or recall scope. */
  public boolean tracesAny(Set<String> owners) {
    return tracesEveryPlant() || owners.stream().anyMatch(plants::contains);
  }

  /** Whether a genealogy link recorded in {@code plant} is shown in a trace or recall scope. */
  public boolean traces(String plant) {
    return tracesEveryPlant() || plants.contains(plant);
  }
}
