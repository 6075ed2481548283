package io.serialtrace.api.security;

import io.serialtrace.api.http.ApiProblem;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The {@link Caller} of the current request, made from its verified token. A request-scoped class
 * (not a produced record) because resources are singletons: they get a proxy that resolves to the
 * request at hand. Only used behind {@code @RolesAllowed}, so a token is always there.
 */
@RequestScoped
public class CurrentCaller {
  /** The token claim listing the caller's plants (local-stack's DevIdentity.PLANTS_CLAIM). */
  public static final String PLANTS_CLAIM = "plants";

  @Inject JsonWebToken token;

  private Caller caller;

  public Caller get() {
    if (caller == null) {
      String subject = token.getSubject();
      if (subject == null || subject.isBlank()) {
        throw new ApiProblem.Unauthenticated("the token has no subject (sub)", true).exception();
      }
      caller =
          Caller.of(
              subject,
              Optional.ofNullable(token.<Object>getClaim("name"))
                  .map(CurrentCaller::text)
                  .orElse(""),
              token.getGroups() == null ? List.of() : token.getGroups(),
              strings(token.getClaim(PLANTS_CLAIM)),
              Optional.ofNullable(token.getTokenID()).orElse(""));
    }
    return caller;
  }

  private static String text(Object claim) {
    return claim instanceof JsonString json ? json.getString() : String.valueOf(claim);
  }

  /** A claim holding one string or an array of strings, as SmallRye JWT hands it over. */
  static List<String> strings(Object claim) {
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
    return values;
  }
}
