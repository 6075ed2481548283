package io.serialtrace.gate.query;

import io.serialtrace.support.http.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An HTTP answer before JAX-RS: what {@link UnitStateAnswers} maps a {@link UnitLookup} to, so the
 * mapping is a pure function with plain unit tests.
 *
 * @param status HTTP status
 * @param mediaType content type of the body
 * @param body the entity (a {@link UnitProgress} or a {@link Problem}); empty for a redirect
 * @param location the Location header of a redirect
 * @param retryAfter the Retry-After header of a 503
 */
public record HttpAnswer(
    int status,
    String mediaType,
    Optional<Object> body,
    Optional<URI> location,
    Optional<Duration> retryAfter) {

  public static final String PROBLEM_JSON = Problem.MEDIA_TYPE;
  public static final String JSON = "application/json";
}
