package io.serialtrace.api.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One consumer loop on its own platform thread, the way trace-api follows a topic live (the
 * violation feed, the checkpoint log): a consumer per attempt, positioned by its {@link Reader},
 * polled until stopped; on a failure the consumer is closed and a new one tries again after a
 * backoff (0.5 s doubling to 10 s). It reports where it stands ({@link #condition()}) for the
 * health checks ({@link LiveStreams}).
 *
 * <p>A consumer does not fail while the broker is gone: {@code poll} only returns nothing. So the
 * loop asks the broker for the end offsets of what it reads whenever it has not heard from it for
 * {@code probeAfter}, bounded by that same duration; a probe that times out is a failure like any
 * other (Retrying, readiness DOWN) instead of a loop that looks live and reads nothing.
 */
public final class ConsumerLoop implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** What a loop does with its consumer. */
  public interface Reader {
    /** Assigns and positions a new consumer (each attempt gets a new one). */
    void open(Consumer<String, Object> consumer);

    /** Handles the records of one poll. */
    void read(ConsumerRecords<String, Object> records, Consumer<String, Object> consumer);

    /** The loop lost its consumer and retries after a backoff. */
    void retrying(String reason);
  }

  /** Where a loop stands. */
  public sealed interface Condition {
    /** Not reading yet: the first consumer is being positioned. */
    record Starting() implements Condition {}

    /** Positioned and polling; the broker answered at {@code lastContact}. */
    record Reading(Instant lastContact) implements Condition {}

    /** The last attempt failed with {@code reason}; the next one starts after a backoff. */
    record Retrying(String reason, Instant since) implements Condition {}

    /** The loop's thread ended with an error it cannot recover from: nothing is read any more. */
    record Died(String reason) implements Condition {}

    /** Stopped with the application. */
    record Stopped() implements Condition {}
  }

  private final String name;
  private final Supplier<Consumer<String, Object>> consumers;
  private final Reader reader;
  private final Duration probeAfter;
  private final Clock clock;
  private volatile Condition condition = new Condition.Starting();
  private volatile boolean running = true;
  private volatile Consumer<String, Object> consumer;
  private final Thread thread;

  private ConsumerLoop(
      String name,
      Supplier<Consumer<String, Object>> consumers,
      Reader reader,
      Duration probeAfter,
      Clock clock) {
    this.name = name;
    this.consumers = consumers;
    this.reader = reader;
    this.probeAfter = probeAfter;
    this.clock = clock;
    this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::runGuarded);
  }

  /**
   * Starts a loop named {@code name} (its thread's name too) reading with new consumers from {@code
   * consumers}; the broker is probed after {@code probeAfter} without contact.
   */
  public static ConsumerLoop start(
      String name,
      Supplier<Consumer<String, Object>> consumers,
      Reader reader,
      Duration probeAfter) {
    ConsumerLoop loop = new ConsumerLoop(name, consumers, reader, probeAfter, Clock.systemUTC());
    loop.thread.start();
    return loop;
  }

  public String name() {
    return name;
  }

  public Condition condition() {
    return condition;
  }

  private void runGuarded() {
    try {
      run();
      condition = new Condition.Stopped();
    } catch (Throwable e) {
      if (!running) {
        condition = new Condition.Stopped(); // interrupted by close()
        return;
      }
      condition = new Condition.Died(e.toString());
      LOG.errorf(e, "%s stopped for good: nothing is read any more (liveness DOWN)", name);
    }
  }

  private void run() throws InterruptedException {
    Duration backoff = FIRST_BACKOFF;
    while (running) {
      try (Consumer<String, Object> current = consumers.get()) {
        consumer = current;
        reader.open(current);
        Instant contact = clock.instant();
        condition = new Condition.Reading(contact);
        backoff = FIRST_BACKOFF;
        while (running) {
          ConsumerRecords<String, Object> records = current.poll(Duration.ofMillis(500));
          if (!records.isEmpty()) {
            contact = clock.instant();
          } else if (Duration.between(contact, clock.instant()).compareTo(probeAfter) > 0) {
            // Throws a TimeoutException after probeAfter when the broker does not answer.
            current.endOffsets(current.assignment(), probeAfter);
            contact = clock.instant();
          }
          condition = new Condition.Reading(contact);
          reader.read(records, current);
        }
      } catch (WakeupException e) {
        // close() woke the consumer; the loop condition ends it.
      } catch (RuntimeException e) {
        if (!running) {
          break;
        }
        condition = new Condition.Retrying(e.toString(), clock.instant());
        reader.retrying(e.toString());
        LOG.warnf("%s failed, retrying in %s: %s", name, backoff, e.toString());
        Thread.sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      } finally {
        consumer = null;
      }
    }
  }

  /** Stops the loop: wakes its consumer and waits (bounded) for the thread to end. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    Consumer<String, Object> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    thread.interrupt();
    thread.join(Duration.ofSeconds(10));
  }
}
