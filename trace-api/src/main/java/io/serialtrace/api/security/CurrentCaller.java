package io.serialtrace.api.security;

import io.serialtrace.api.http.ApiProblem;
import io.serialtrace.support.security.TokenClaims;
import jakarta.enterprise.context.RequestScoped;
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
  /** The token claim listing the caller's plants. */
  public static final String PLANTS_CLAIM = TokenClaims.PLANTS;

  private final JsonWebToken token;

  private Caller caller;

  public CurrentCaller(JsonWebToken token) {
    this.token = token;
  }

  public Caller get() {
    if (caller == null) {
      String subject = token.getSubject();
      if (subject == null || subject.isBlank()) {
        throw new ApiProblem.Unauthenticated("the token has no subject (sub)", true).exception();
      }
      caller =
          Caller.of(
              subject,
              TokenClaims.text(token.getClaim(TokenClaims.NAME)).orElse(""),
              token.getGroups() == null ? List.of() : token.getGroups(),
              TokenClaims.strings(token.getClaim(PLANTS_CLAIM)),
              Optional.ofNullable(token.getTokenID()).orElse(""));
    }
    return caller;
  }
}
