package io.serialtrace.stack;

/** A port the stack needs is taken by a process that is not part of this stack. */
public final class PortInUseException extends IllegalStateException {
  public PortInUseException(String component, StackSetting setting, int port) {
    super(
        "Port "
            + port
            + " needed by "
            + component
            + " is already in use by another process. Stop that process, or choose another port: "
            + setting.environmentVariable()
            + "=<free port> ./trace up");
  }
}
