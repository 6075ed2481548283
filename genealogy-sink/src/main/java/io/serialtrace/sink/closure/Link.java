package io.serialtrace.sink.closure;

/**
 * The current state of one parent → child link: its edge events folded, the newest one deciding
 * ({@code genealogy_links}, migration V008). {@code atMicros} is the newest event's time, which
 * orders two states of the same link; {@code installed} is false when that event is a removal.
 */
public record Link(
    String parent,
    String child,
    String childKind,
    String part,
    int qty,
    String stepId,
    String plant,
    long atMicros,
    boolean installed) {

  public LinkKey key() {
    return new LinkKey(parent, child);
  }

  /** The newer of two states of one link; {@code candidate} on a tie. */
  static Link newer(Link current, Link candidate) {
    return candidate.atMicros >= current.atMicros ? candidate : current;
  }
}
