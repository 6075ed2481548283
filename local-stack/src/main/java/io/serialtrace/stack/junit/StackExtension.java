package io.serialtrace.stack.junit;

import io.serialtrace.stack.LocalStack;
import io.serialtrace.stack.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * What both stack extensions share: a stack held once per test JVM, handed to tests as a parameter
 * of type {@code T}, and <em>healed before every test class</em> — a component a test stopped or
 * killed (or that died on its own) is started again, so no class depends on what the one before it
 * did. At the JVM's end only what this JVM started for a stack it found down is stopped; a
 * component it restarted in a stack someone else started ({@code ./trace test}) stays up.
 *
 * @param <T> what tests receive: the endpoints and credentials of the stack
 */
abstract class StackExtension<T> implements BeforeAllCallback, ParameterResolver {
  private final Class<T> parameterType;

  StackExtension(Class<T> parameterType) {
    this.parameterType = parameterType;
  }

  /**
   * The stack to hold, decided once per test JVM: the local stack to start and heal, or none when
   * the tests point at an external cluster.
   */
  abstract Optional<LocalStack> stack();

  /** What tests receive, once the stack (if any) is ready. */
  abstract T parameter();

  /** A short name for messages: "the local stack", "the secure Kafka broker". */
  abstract String description();

  @Override
  public final void beforeAll(ExtensionContext context) {
    held(context).heal();
  }

  @Override
  public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == parameterType;
  }

  @Override
  public final Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return held(context).parameter;
  }

  private Held<T> held(ExtensionContext context) {
    @SuppressWarnings("unchecked")
    Held<T> held =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(getClass()))
            .computeIfAbsent(Held.class, key -> acquire(), Held.class);
    return held;
  }

  private Held<T> acquire() {
    Optional<LocalStack> stack = stack();
    List<String> started = new ArrayList<>();
    boolean ownsStack = false;
    if (stack.isPresent()) {
      try {
        LocalStack.UpResult result = stack.get().up(Progress.printingTo(System.out));
        started.addAll(result.started());
        ownsStack = result.alreadyRunning().isEmpty();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(description() + " did not start: " + e.getMessage(), e);
      }
    }
    return new Held<>(stack, parameter(), started, ownsStack, description());
  }

  /** The stack held for the whole test JVM; closing it stops only what this JVM owns. */
  private static final class Held<T> implements AutoCloseable {
    private final Optional<LocalStack> stack;
    private final T parameter;
    private final List<String> owned;
    private final boolean ownsStack;
    private final String description;
    private IllegalStateException broken;

    Held(
        Optional<LocalStack> stack,
        T parameter,
        List<String> owned,
        boolean ownsStack,
        String description) {
      this.stack = stack;
      this.parameter = parameter;
      this.owned = owned;
      this.ownsStack = ownsStack;
      this.description = description;
    }

    synchronized void heal() {
      if (stack.isEmpty()) {
        return;
      }
      // A stack that could not be brought back once is not tried again for every class: each
      // try waits out the ready timeout, and a broken stack would turn minutes into hours.
      if (broken != null) {
        throw new IllegalStateException(
            description + " could not be brought back earlier in this test JVM", broken);
      }
      try {
        LocalStack.UpResult result = stack.get().heal(Progress.printingTo(System.out));
        if (ownsStack) {
          result.started().stream().filter(name -> !owned.contains(name)).forEach(owned::add);
        }
      } catch (Exception e) {
        broken =
            new IllegalStateException(
                description + " could not be brought back: " + e.getMessage(), e);
        throw broken;
      }
    }

    @Override
    public synchronized void close() throws Exception {
      if (stack.isPresent() && !owned.isEmpty()) {
        stack.get().stop(owned, Progress.printingTo(System.out));
      }
    }
  }
}
