package io.serialtrace.support.http;

import java.util.regex.Pattern;

/**
 * One kind of problem a service answers with (RFC 9457): a slug, a short title and the HTTP status.
 * Each service keeps its own catalogue (an enum whose constants each hold a {@link Definition});
 * the type URI is derived here, once for every service: {@code urn:serialtrace:problem:<slug>}, so
 * a client handles a refusal by its type whichever service sent it.
 */
public interface ProblemType {
  /** The prefix of every problem type URI. */
  String URI_PREFIX = "urn:serialtrace:problem:";

  /** This type's slug, title and status. */
  Definition definition();

  /** Lower-case words or numbers joined by '-', e.g. {@code kafka-unavailable}. */
  default String slug() {
    return definition().slug();
  }

  /** A short summary of the problem type, the same for every occurrence. */
  default String title() {
    return definition().title();
  }

  /** The HTTP status this problem is answered with. */
  default int status() {
    return definition().status();
  }

  /** The type URI: {@code urn:serialtrace:problem:<slug>}. */
  default String uri() {
    return URI_PREFIX + slug();
  }

  /**
   * A problem type as data; a slug that is not lower-case words or numbers joined by '-' is refused
   * when the definition is made (for a catalogue enum: when it is first used).
   */
  record Definition(String slug, String title, int status) implements ProblemType {
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public Definition {
      if (!SLUG.matcher(slug).matches()) {
        throw new IllegalArgumentException(
            "problem slug '" + slug + "' is not lower-case words or numbers joined by '-'");
      }
    }

    @Override
    public Definition definition() {
      return this;
    }
  }
}
