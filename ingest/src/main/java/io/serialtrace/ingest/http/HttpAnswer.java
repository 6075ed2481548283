package io.serialtrace.ingest.http;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * An HTTP answer before JAX-RS: what {@link IntakeAnswers} maps an intake outcome to, so the
 * mapping is a pure function with plain unit tests.
 *
 * @param status HTTP status
 * @param mediaType content type of the body
 * @param body the entity: a problem document, a decision, or the accepted events
 * @param headers further headers by name (Retry-After, WWW-Authenticate, Location, …)
 */
public record HttpAnswer(int status, String mediaType, Object body, Map<String, String> headers) {
  public static final String JSON = "application/json";

  public HttpAnswer {
    headers = Map.copyOf(headers);
  }

  /** The JAX-RS response carrying this answer. */
  public Response response() {
    Response.ResponseBuilder response = Response.status(status).type(mediaType).entity(body);
    headers.forEach(response::header);
    return response.build();
  }
}
