package io.serialtrace.sink.delivery;

/**
 * A failure of an external system while delivering, classified: a retriable one pauses consumption
 * and is retried with back-off without losing anything; a fatal one stops the sink (reported
 * unhealthy) because retrying cannot help and skipping would lose rows. Messages name the
 * topic-partition-offset range (and key, where one record is at fault) and the consequence.
 */
public sealed class SinkFailure extends RuntimeException {
  private SinkFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** ClickHouse or Kafka unreachable, overloaded or timed out: retried. */
  public static final class Retriable extends SinkFailure {
    public Retriable(String message, Throwable cause) {
      super(message + " (retriable: consumption paused, retrying with back-off)", cause);
    }
  }

  /** Schema mismatch, access denied, a bug: the sink stops; offsets stay where they are. */
  public static final class Fatal extends SinkFailure {
    public Fatal(String message, Throwable cause) {
      super(message + " (fatal: the sink stops consuming; nothing is committed past it)", cause);
    }
  }
}
