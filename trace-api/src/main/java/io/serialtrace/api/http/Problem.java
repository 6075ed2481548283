package io.serialtrace.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.support.http.ProblemTypes;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code parameter} names the request
 * parameter at fault for a 400 (or a 403 plant filter); {@code rolesNeeded} lists the roles an
 * endpoint accepts on a 403; both absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    String instance,
    String parameter,
    java.util.List<String> rolesNeeded) {

  public static final String MEDIA_TYPE = ProblemTypes.MEDIA_TYPE;

  public Problem(
      String type, String title, int status, String detail, String instance, String parameter) {
    this(type, title, status, detail, instance, parameter, null);
  }
}
