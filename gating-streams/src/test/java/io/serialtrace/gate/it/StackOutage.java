package io.serialtrace.gate.it;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackSettings;
import java.util.List;

/**
 * One component of the test stack stopped and started again by a fault IT (the stack the {@code
 * LocalStackExtension} gives the test: its own ports and state). {@link #close()} starts it again
 * if the test left it stopped, so a failing IT does not leave the stack broken for the next one.
 */
final class StackOutage implements AutoCloseable {
  private final String component;
  private final LocalStack only;
  private boolean stopped;

  StackOutage(String component) {
    this.component = component;
    this.only =
        LocalStack.of(StackSettings.forTests(RepositoryHome.find())).only(List.of(component));
  }

  void stop() throws Exception {
    stopped = true;
    only.stop(List.of(component), Progress.printingTo(System.out));
  }

  void start() throws Exception {
    only.up(Progress.printingTo(System.out));
    stopped = false;
  }

  @Override
  public void close() throws Exception {
    if (stopped) {
      start();
    }
  }
}
