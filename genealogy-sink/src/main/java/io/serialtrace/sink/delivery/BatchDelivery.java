package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.BatchBuilder;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.SourceRecord;
import io.serialtrace.sink.batch.TableInsert;
import io.serialtrace.sink.closure.ClosureMaintenance;
import io.serialtrace.sink.closure.LinkKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Delivers a round of batches — at most one per partition, at most {@code concurrency} of them —
 * with the protocol of the module README ("Delivery state machine"):
 *
 * <ol>
 *   <li>mark every range of the round PENDING, in one commit (a range that replays its partition's
 *       pending marker is marked already);
 *   <li>on a worker of its own, for each batch: decode its records, build its rows, publish its
 *       dead letters, insert each table's rows with the range's token, table after table;
 *   <li>on this thread, once every worker is done: derive the genealogy closure rows of the links
 *       the stored batches' edges touched (one derivation for the round, so two partitions' links
 *       never race on the same ancestors; a replay derives them again, harmlessly);
 *   <li>mark every batch whose steps all succeeded STORED, in one commit.
 * </ol>
 *
 * Each partition goes through the same states as when delivered alone — PENDING before any of its
 * rows is inserted, STORED only after all of them were acknowledged — so a crash anywhere leaves
 * each partition of the round in a state its next owner replays exactly, and ClickHouse drops every
 * block that had landed. The workers only share the decoder (thread-safe: the registry serde's
 * caches are concurrent maps), the row writer and the dead-letter writer (thread-safe clients).
 */
public final class BatchDelivery implements AutoCloseable {
  private static final Duration CLOSE_PATIENCE = Duration.ofSeconds(30);

  /**
   * One partition's share of a round.
   *
   * @param range its offsets, at most one range per partition in a round
   * @param records the raw records of exactly that range, in offset order
   * @param replay whether the range is its partition's pending range being redone
   */
  public record Job(OffsetRange range, List<SourceRecord> records, boolean replay) {
    public Job {
      records = List.copyOf(records);
    }
  }

  /**
   * What a round did.
   *
   * @param stored the batches now marked stored
   * @param failure why the others were not (the most serious failure of the round), if any
   */
  public record Outcome(List<Batch> stored, Optional<RuntimeException> failure) {
    public Outcome {
      stored = List.copyOf(stored);
    }
  }

  private final DeliveryStateStore store;
  private final Function<SourceRecord, Decoded> decoder;
  private final RowWriter rows;
  private final DeadLetterWriter deadLetters;
  private final Optional<ClosureMaintenance> closure;
  private final int concurrency;
  private final ExecutorService workers;

  /**
   * @param decoder reads one raw record; called from several workers at once
   * @param closure keeps the genealogy closure; empty in tests of the protocol alone
   * @param concurrency most batches of one round, each inserted by its own worker
   */
  public BatchDelivery(
      DeliveryStateStore store,
      Function<SourceRecord, Decoded> decoder,
      RowWriter rows,
      DeadLetterWriter deadLetters,
      Optional<ClosureMaintenance> closure,
      int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be positive, was " + concurrency);
    }
    this.store = store;
    this.decoder = decoder;
    this.rows = rows;
    this.deadLetters = deadLetters;
    this.closure = closure;
    this.concurrency = concurrency;
    AtomicInteger number = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            concurrency,
            task ->
                Thread.ofPlatform()
                    .daemon()
                    .name("genealogy-sink-insert-" + number.incrementAndGet())
                    .unstarted(task));
  }

  /** Most jobs one round may hold. */
  public int concurrency() {
    return concurrency;
  }

  /**
   * Delivers {@code round}. A failure to mark it pending (or stored) is thrown, as is an {@link
   * Error}; a job's own failure is returned, after the others that succeeded were marked stored. A
   * failure to derive the round's closure is returned with nothing marked stored.
   */
  public Outcome deliver(List<Job> round) {
    if (round.size() > concurrency) {
      throw new IllegalArgumentException(
          round.size() + " batches in one round, at most " + concurrency);
    }
    store.markPending(round.stream().filter(job -> !job.replay()).map(Job::range).toList());
    List<Future<Batch>> running = new ArrayList<>();
    for (Job job : round) {
      running.add(workers.submit(() -> deliver(job)));
    }
    List<Batch> done = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<Batch> job : running) {
      try {
        done.add(awaitUninterruptibly(job));
      } catch (ExecutionException e) {
        failure = moreSerious(failure, e.getCause());
      }
    }
    if (!done.isEmpty() && closure.isPresent()) {
      try {
        deriveClosure(closure.get(), done);
      } catch (RuntimeException e) {
        // Nothing of the round is marked stored: its inserts are replayed with their tokens
        // (ClickHouse drops the blocks that landed) and the closure is derived again.
        return new Outcome(List.of(), Optional.of(moreSerious(failure, e)));
      }
    }
    store.markStored(done.stream().map(Batch::range).toList());
    return new Outcome(done, Optional.ofNullable(failure));
  }

  private static void deriveClosure(ClosureMaintenance closure, List<Batch> done) {
    Set<LinkKey> touched = new LinkedHashSet<>();
    done.forEach(batch -> touched.addAll(batch.genealogyLinks()));
    if (!touched.isEmpty()) {
      closure.update(touched);
    }
  }

  /**
   * Steps of one batch, on its worker: decode and build (one record at a time), dead letters, one
   * insert per table in order.
   */
  private Batch deliver(Job job) {
    Iterable<Decoded> decoded = () -> job.records().stream().map(decoder).iterator();
    Batch batch = BatchBuilder.build(job.range(), decoded);
    if (!batch.deadLetters().isEmpty()) {
      deadLetters.publish(batch.deadLetters());
    }
    String token = job.range().token();
    for (TableInsert insert : batch.inserts()) {
      rows.insert(insert, token);
    }
    return batch;
  }

  /**
   * A worker's call is bounded by its own timeouts, so the round waits for it whatever happens to
   * this thread: a round never ends with one of its inserts still running, which could land after
   * the partition's next owner replayed it.
   */
  private static Batch awaitUninterruptibly(Future<Batch> job) throws ExecutionException {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return job.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Fatal (or a bug) over retriable: the round's outcome is its most serious failure. */
  private static RuntimeException moreSerious(RuntimeException known, Throwable next) {
    if (next instanceof Error error) {
      throw error;
    }
    RuntimeException failure =
        next instanceof RuntimeException runtime
            ? runtime
            : new SinkFailure.Fatal("batch delivery failed unexpectedly: " + next, next);
    if (known == null || known instanceof SinkFailure.Retriable) {
      return failure;
    }
    return known;
  }

  /** Lets running workers end (each call is bounded), then stops them. */
  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
