package io.serialtrace.support.http;

/**
 * One kind of problem a service answers with (RFC 9457): a slug, a short title and the HTTP status.
 * Each service keeps its own catalogue (an enum implementing this); the type URI is derived here,
 * once for every service: {@code urn:serialtrace:problem:<slug>}, so a client handles a refusal by
 * its type whichever service sent it.
 */
public interface ProblemType {
  /** The prefix of every problem type URI. */
  String URI_PREFIX = "urn:serialtrace:problem:";

  /** Lower-case words or numbers joined by '-', e.g. {@code kafka-unavailable}. */
  String slug();

  /** A short summary of the problem type, the same for every occurrence. */
  String title();

  /** The HTTP status this problem is answered with. */
  int status();

  /** The type URI: {@code urn:serialtrace:problem:<slug>}. */
  default String uri() {
    String slug = slug();
    if (!slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "problem slug '" + slug + "' is not lower-case words or numbers joined by '-'");
    }
    return URI_PREFIX + slug;
  }
}
