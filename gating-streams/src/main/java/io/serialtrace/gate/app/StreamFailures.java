package io.serialtrace.gate.app;

import io.serialtrace.support.registry.BoundedRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.RetriableException;
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
      LOG.warnf(
          "Schema registry unreachable or silent: the stream thread is replaced and reads the same"
              + " records again from the last commit, nothing is dead-lettered (%d replaced so"
              + " far): %s",
          replaced.incrementAndGet(), rootMessage(exception));
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    if (brokerTransient(exception)) {
      LOG.warnf(
          "Kafka unreachable or slow past its timeouts: the stream thread is replaced and resumes"
              + " from the last commit, exactly-once aborts the rest (%d replaced so far): %s",
          replaced.incrementAndGet(), rootMessage(exception));
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    LOG.error(
        "Stream thread failed: the gate stops processing (Kafka Streams shuts down, liveness DOWN)"
            + " until it is restarted",
        exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /**
   * A broker outage longer than the clients' timeouts (a transaction that cannot complete, metadata
   * not found in time): retriable by Kafka's own classification, so a new thread retries from the
   * last commit instead of the client shutting down for good.
   */
  private static boolean brokerTransient(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return true;
      }
    }
    return false;
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
