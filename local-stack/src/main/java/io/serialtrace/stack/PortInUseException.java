package io.serialtrace.stack;

/** A port the stack needs is taken by a process that is not part of this stack. */
public final class PortInUseException extends IllegalStateException {
  public PortInUseException(String component, StackSetting setting, int port, boolean testStack) {
    super(
        "Port "
            + port
            + " needed by "
            + component
            + " is already in use by another process. Stop that process, or choose another port: "
            + (testStack
                ? StackSetting.TEST_PORT_OFFSET.environmentVariable()
                    + "=<another offset> ./trace test (the test stack's ports are the demo's"
                    + " plus that offset; another clone's test stack may hold this one)"
                : setting.environmentVariable() + "=<free port> ./trace up"));
  }
}
