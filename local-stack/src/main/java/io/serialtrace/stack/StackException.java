package io.serialtrace.stack;

/** The stack could not be brought up or down; the message says which part and why. */
public final class StackException extends RuntimeException {
  public StackException(String message) {
    super(message);
  }

  public StackException(String message, Throwable cause) {
    super(message, cause);
  }
}
