package io.serialtrace.support.security;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How the services read a verified bearer token's claims, one parser for all: SmallRye JWT hands a
 * claim over as a {@code jakarta.json} value, a collection or a plain Java value, and an identity
 * provider may send a one-element list as a single string. The names of the claims the pipeline
 * relies on are here too.
 */
public final class TokenClaims {
  /** The plants a bearer may write or read for (a string or an array of strings). */
  public static final String PLANTS = "plants";

  /** The printed name of the bearer (21 CFR 11.50: shown with every signature). */
  public static final String NAME = "name";

  /** When the bearer last authenticated, epoch seconds (OIDC {@code auth_time}). */
  public static final String AUTH_TIME = "auth_time";

  private TokenClaims() {}

  /** A claim holding one string or an array of strings; blank entries dropped; empty if absent. */
  public static List<String> strings(Object claim) {
    List<String> values = new ArrayList<>();
    switch (claim) {
      case null -> {}
      case JsonArray array -> {
        for (JsonValue value : array) {
          values.add(value instanceof JsonString text ? text.getString() : value.toString());
        }
      }
      case JsonString text -> values.add(text.getString());
      case Collection<?> collection -> collection.forEach(v -> values.add(String.valueOf(v)));
      default -> values.add(String.valueOf(claim));
    }
    values.removeIf(String::isBlank);
    return List.copyOf(values);
  }

  /** A claim holding text; empty when absent or blank. */
  public static Optional<String> text(Object claim) {
    String value =
        switch (claim) {
          case null -> "";
          case JsonString json -> json.getString();
          default -> String.valueOf(claim);
        };
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** A claim holding a whole number (e.g. {@link #AUTH_TIME}); empty when absent or not one. */
  public static Optional<Long> number(Object claim) {
    return switch (claim) {
      case JsonNumber json -> Optional.of(json.longValue());
      case Number n -> Optional.of(n.longValue());
      case null, default -> Optional.empty();
    };
  }
}
