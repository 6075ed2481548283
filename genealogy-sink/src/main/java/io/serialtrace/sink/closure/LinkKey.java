package io.serialtrace.sink.closure;

/** One link of the genealogy: {@code child} (a serial or a lot id) installed in {@code parent}. */
public record LinkKey(String parent, String child) implements Comparable<LinkKey> {
  @Override
  public int compareTo(LinkKey other) {
    int byParent = parent.compareTo(other.parent);
    return byParent != 0 ? byParent : child.compareTo(other.child);
  }
}
