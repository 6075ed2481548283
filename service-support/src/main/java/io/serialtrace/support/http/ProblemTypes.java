package io.serialtrace.support.http;

/**
 * The one scheme of RFC 9457 problem type URIs every service answers with: {@code
 * urn:serialtrace:problem:<slug>}, so a client handles a refusal by its type whichever service sent
 * it. The media type is here too.
 */
public final class ProblemTypes {
  /** {@code application/problem+json}. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** The prefix of every problem type URI. */
  public static final String PREFIX = "urn:serialtrace:problem:";

  private ProblemTypes() {}

  /** The type URI of the problem named {@code slug} (lower-case words or numbers joined by '-'). */
  public static String uri(String slug) {
    if (!slug.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new IllegalArgumentException(
          "problem slug '" + slug + "' is not lower-case words or numbers joined by '-'");
    }
    return PREFIX + slug;
  }
}
