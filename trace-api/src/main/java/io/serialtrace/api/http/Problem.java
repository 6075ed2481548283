package io.serialtrace.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code parameter} names the request
 * parameter at fault for a 400; absent otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String parameter) {

  public static final String MEDIA_TYPE = "application/problem+json";
}
