package io.serialtrace.gate.app;

import io.serialtrace.support.registry.BoundedRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What a stream thread that died of an exception does next (quarkus-kafka-streams installs this
 * bean as the application's handler), and the last such failure, for the health checks.
 *
 * <ul>
 *   <li>The schema registry unreachable or silent past {@code gate.registry-request-timeout}: the
 *       records are fine, so the thread is replaced; it resumes from the last commit (exactly-once
 *       aborts what the dead one had not committed) and retries until the registry answers.
 *       Readiness is DOWN meanwhile ({@link GateHealth}).
 *   <li>Kafka unreachable past the clients' timeouts (a retriable error by Kafka's classification,
 *       e.g. a transaction aborted after its metadata timed out): the thread is replaced too and
 *       retries from the last commit.
 *   <li>The thread's transaction taken from it (the coordinator aborted it after {@code
 *       transaction.timeout.ms} while the process was stalled, and the commit then failed with
 *       {@code InvalidTxnStateException}, or the producer was fenced; seen in {@code
 *       GateFencingIT}): exactly-once discards what it had not committed, so a new thread with a
 *       new producer resumes from the last commit.
 *   <li>A state store found closed while a task's state is registered again after an unclean stop
 *       (Kafka Streams 4.3: a task found corrupted after a {@code kill -9} is closed dirty and
 *       re-created, and the window store's segments of the closed instance were read; seen in
 *       {@code GateExactlyOnceIT}): the thread is replaced and builds its tasks anew from their
 *       changelogs, at most {@value #MAX_STORE_REOPENS} times in {@link #STORE_REOPEN_WINDOW}.
 *   <li>Anything else: a bug or broken state a retry would repeat. The client shuts down (state
 *       ERROR), so liveness turns DOWN and the platform restarts the gate.
 * </ul>
 */
@ApplicationScoped
public class StreamFailures implements StreamsUncaughtExceptionHandler {
  private static final Logger LOG = Logger.getLogger(StreamFailures.class);

  /** A registry failure that cost a stream thread, and when. */
  public record Failure(Instant at, String reason) {}

  private final Clock clock;
  private final AtomicReference<Optional<Failure>> lastRegistryFailure =
      new AtomicReference<>(Optional.empty());
  private final AtomicLong replaced = new AtomicLong();
  private final Deque<Instant> storeReopens = new ArrayDeque<>();

  /** Most threads replaced for a store found closed at registration, per window. */
  static final int MAX_STORE_REOPENS = 5;

  static final Duration STORE_REOPEN_WINDOW = Duration.ofMinutes(10);

  public StreamFailures() {
    this(Clock.systemUTC());
  }

  StreamFailures(Clock clock) {
    this.clock = clock;
  }

  /** A record left unread for an unreachable registry ({@link ReportingDeadLetterHandler}). */
  void registryUnreachable(Throwable exception) {
    lastRegistryFailure.set(Optional.of(new Failure(clock.instant(), rootMessage(exception))));
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable exception) {
    if (BoundedRegistry.unreachable(exception)) {
      registryUnreachable(exception);
      return replaceThread(
          "Schema registry unreachable or silent: the stream thread is replaced and reads the same"
              + " records again from the last commit, nothing is dead-lettered",
          exception);
    }
    if (brokerTransient(exception)) {
      return replaceThread(
          "Kafka unreachable or slow past its timeouts: the stream thread is replaced and resumes"
              + " from the last commit, exactly-once aborts the rest",
          exception);
    }
    if (transactionLost(exception)) {
      return replaceThread(
          "The stream thread's transaction was aborted or fenced (a stall longer than"
              + " transaction.timeout.ms): the thread is replaced and resumes from the last commit,"
              + " nothing uncommitted is kept",
          exception);
    }
    if (storeClosedAtRegistration(exception) && mayReopenStores()) {
      return replaceThread(
          "A state store was found closed while a task's state was registered again after an"
              + " unclean stop: the stream thread is replaced and builds its tasks anew from their"
              + " changelogs",
          exception);
    }
    LOG.error(
        "Stream thread failed: the gate stops processing (Kafka Streams shuts down, liveness DOWN)"
            + " until it is restarted",
        exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Logs why, with the count of threads replaced so far and the root cause, and replaces it. */
  private StreamThreadExceptionResponse replaceThread(String why, Throwable exception) {
    LOG.warnf(
        "%s (%d replaced so far): %s", why, replaced.incrementAndGet(), rootMessage(exception));
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * A broker outage longer than the clients' timeouts (a transaction that cannot complete, metadata
   * not found in time): retriable by Kafka's own classification, so a new thread retries from the
   * last commit instead of the client shutting down for good.
   */
  private static boolean brokerTransient(Throwable error) {
    return causedBy(error, RetriableException.class);
  }

  /** The producer's transaction is no longer its own: aborted by the coordinator, or fenced. */
  static boolean transactionLost(Throwable error) {
    return causedBy(
        error,
        InvalidTxnStateException.class,
        ProducerFencedException.class,
        InvalidProducerEpochException.class);
  }

  /** Whether {@code error} or one of its causes is one of {@code types}. */
  @SafeVarargs
  private static boolean causedBy(Throwable error, Class<? extends Throwable>... types) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Thrown by a store while Kafka Streams registered the stores of a task it re-created. */
  static boolean storeClosedAtRegistration(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InvalidStateStoreException) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().endsWith(".StateManagerUtil")
              && frame.getMethodName().equals("registerStateStores")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether fewer than {@link #MAX_STORE_REOPENS} such replacements fell in the window. */
  private synchronized boolean mayReopenStores() {
    Instant now = clock.instant();
    while (!storeReopens.isEmpty()
        && storeReopens.peekFirst().isBefore(now.minus(STORE_REOPEN_WINDOW))) {
      storeReopens.removeFirst();
    }
    if (storeReopens.size() >= MAX_STORE_REOPENS) {
      return false;
    }
    storeReopens.addLast(now);
    return true;
  }

  /** The last stream thread lost to an unreachable registry, if any. */
  public Optional<Failure> lastRegistryFailure() {
    return lastRegistryFailure.get();
  }

  /** Stream threads replaced so far. */
  public long replaced() {
    return replaced.get();
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
