package io.serialtrace.support.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one {@code application/problem+json} document of every service (RFC 9457): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance}, and the service's extension
 * members beside them at the top level (e.g. ingest's {@code errors} and {@code accepted}, the
 * gate's and trace-api's {@code parameter}). Empty members are left out of the JSON.
 *
 * @param type the problem type URI ({@link ProblemType#uri()})
 * @param title short summary of the problem type
 * @param status the HTTP status again, as the RFC wants it in the body
 * @param detail what happened here, in words
 * @param instance the request path the problem occurred at, when the service says it
 * @param extensions extension members by name, in the order they were added
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    Optional<String> instance,
    @JsonIgnore Map<String, Object> extensions) {

  /** {@code application/problem+json}. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private static final Set<String> STANDARD_MEMBERS =
      Set.of("type", "title", "status", "detail", "instance");

  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    detail = Objects.requireNonNullElse(detail, "");
    Objects.requireNonNull(instance, "instance");
    extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
  }

  /** A problem of {@code type}: its URI, title and status, and what happened here. */
  public static Problem of(ProblemType type, String detail) {
    return new Problem(type.uri(), type.title(), type.status(), detail, Optional.empty(), Map.of());
  }

  /** The same problem at the request path {@code path}. */
  public Problem at(String path) {
    return new Problem(type, title, status, detail, Optional.of(path), extensions);
  }

  /** The same problem under a title naming what this occurrence concerns. */
  public Problem titled(String specificTitle) {
    return new Problem(type, specificTitle, status, detail, instance, extensions);
  }

  /** The same problem with the extension member {@code name} (not one of the RFC's own). */
  public Problem with(String name, Object value) {
    if (STANDARD_MEMBERS.contains(name)) {
      throw new IllegalArgumentException("'" + name + "' is a standard member, not an extension");
    }
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(name, Objects.requireNonNull(value, name));
    return new Problem(type, title, status, detail, instance, more);
  }

  /** The extension members, written at the top level of the JSON document. */
  @JsonAnyGetter
  @JsonInclude(content = JsonInclude.Include.NON_EMPTY)
  Map<String, Object> members() {
    return extensions;
  }
}
