package io.serialtrace.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.TestRecords;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.Records;
import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.batch.SourceRecord;
import io.serialtrace.sink.closure.ClosureMaintenance;
import io.serialtrace.sink.closure.ClosureRow;
import io.serialtrace.sink.closure.ClosureStore;
import io.serialtrace.sink.closure.Link;
import io.serialtrace.sink.closure.LinkKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One round of {@link BatchDelivery}: its batches at once, each stored or left pending alone. */
@Timeout(30)
class BatchDeliveryTest {
  private static final String TOPIC = SinkTopic.UNIT_RECORDS.topicName();
  private static final String EDGES = SinkTopic.GENEALOGY.topicName();

  private final InMemoryDeliveryStateStore store = new InMemoryDeliveryStateStore();
  private final InMemoryClickHouse clickHouse = new InMemoryClickHouse();

  @Test
  void theBatchesOfARoundAreInsertedAtTheSameTime() {
    // 1. A writer that lets no insert finish before all three partitions' inserts have started.
    CountDownLatch allStarted = new CountDownLatch(3);
    RowWriter together =
        (insert, token) -> {
          allStarted.countDown();
          try {
            if (!allStarted.await(10, TimeUnit.SECONDS)) {
              throw new SinkFailure.Retriable("the round's inserts ran one after the other", null);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          clickHouse.insert(insert, token);
        };

    // 2. A round of three partitions.
    BatchDelivery.Outcome outcome;
    try (BatchDelivery delivery = delivery(together, 3)) {
      outcome = delivery.deliver(List.of(job(0, 0, 4), job(1, 0, 4), job(2, 0, 4)));
    }

    // 3. All stored: rows in, each partition's offset past its range.
    assertThat(outcome.failure()).isEmpty();
    assertThat(outcome.stored()).hasSize(3);
    assertThat(clickHouse.rows(SinkTable.UNIT_RECORDS)).isEqualTo(15);
    for (int partition = 0; partition < 3; partition++) {
      assertThat(store.read(TOPIC, partition)).isEqualTo(new DeliveryState.Stored(5));
    }
  }

  @Test
  void aFailedBatchStaysPendingWhileTheRoundsOthersAreStored() {
    // 1. ClickHouse refuses partition 1's rows (retriable), takes the others.
    RowWriter refusingOne =
        (insert, token) -> {
          if (token.contains(":1:")) {
            throw new SinkFailure.Retriable("insert for " + token + " timed out", null);
          }
          clickHouse.insert(insert, token);
        };

    // 2. A round of three partitions.
    BatchDelivery.Outcome outcome;
    try (BatchDelivery delivery = delivery(refusingOne, 3)) {
      outcome = delivery.deliver(List.of(job(0, 0, 4), job(1, 0, 4), job(2, 0, 4)));
    }

    // 3. Partitions 0 and 2 stored; 1 pending with its exact range, reported as retriable.
    assertThat(outcome.stored()).extracting(b -> b.range().partition()).containsExactly(0, 2);
    assertThat(outcome.failure()).get().isInstanceOf(SinkFailure.Retriable.class);
    assertThat(store.read(TOPIC, 0)).isEqualTo(new DeliveryState.Stored(5));
    assertThat(store.read(TOPIC, 1))
        .isEqualTo(new DeliveryState.Pending(new OffsetRange(TOPIC, 1, 0, 4)));
    assertThat(store.read(TOPIC, 2)).isEqualTo(new DeliveryState.Stored(5));
  }

  @Test
  void aFatalFailureOutranksARetriableOneInTheOutcome() {
    // 1. Partition 0 times out (retriable), partition 1 is refused for good (fatal).
    RowWriter failing =
        (insert, token) -> {
          throw token.contains(":0:")
              ? new SinkFailure.Retriable("timed out", null)
              : new SinkFailure.Fatal("access denied", null);
        };

    // 2. A round of both.
    BatchDelivery.Outcome outcome;
    try (BatchDelivery delivery = delivery(failing, 2)) {
      outcome = delivery.deliver(List.of(job(0, 0, 4), job(1, 0, 4)));
    }

    // 3. Nothing stored, the fatal failure reported: the sink stops rather than retry forever.
    assertThat(outcome.stored()).isEmpty();
    assertThat(outcome.failure()).get().isInstanceOf(SinkFailure.Fatal.class);
  }

  @Test
  void aReplayedRangeIsNotMarkedPendingAgainAndARoundLargerThanTheConcurrencyIsRefused() {
    // 1. Partition 0's range is pending from an earlier incarnation; 1's is new.
    store.markPending(List.of(new OffsetRange(TOPIC, 0, 0, 4)));
    List<OffsetRange> marked = new ArrayList<>();
    DeliveryStateStore recording =
        new DeliveryStateStore() {
          @Override
          public DeliveryState read(String topic, int partition) {
            return store.read(topic, partition);
          }

          @Override
          public void markPending(List<OffsetRange> ranges) {
            marked.addAll(ranges);
            store.markPending(ranges);
          }

          @Override
          public void markStored(List<OffsetRange> ranges) {
            store.markStored(ranges);
          }
        };

    // 2. A round: the replay and the new range.
    try (BatchDelivery delivery =
        new BatchDelivery(
            recording, BatchDeliveryTest::decode, clickHouse, letters -> {}, Optional.empty(), 2)) {
      delivery.deliver(
          List.of(
              new BatchDelivery.Job(new OffsetRange(TOPIC, 0, 0, 4), records(0, 0, 4), true),
              job(1, 0, 4)));

      // 3. Only the new range was marked pending; both are stored; three jobs are too many.
      assertThat(marked).containsExactly(new OffsetRange(TOPIC, 1, 0, 4));
      assertThat(store.read(TOPIC, 0)).isEqualTo(new DeliveryState.Stored(5));
      assertThatThrownBy(() -> delivery.deliver(List.of(job(0, 5, 6), job(1, 5, 6), job(2, 0, 1))))
          .hasMessageContaining("3 batches in one round, at most 2");
    }
  }

  @Test
  void eachBatchIsBuiltOnAWorkerOfItsOwn() {
    // 1. A decoder that notes the thread it runs on.
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (BatchDelivery delivery =
        new BatchDelivery(
            store,
            source -> {
              threads.add(Thread.currentThread().getName());
              return decode(source);
            },
            clickHouse,
            letters -> {},
            Optional.empty(),
            2)) {
      // 2. A round of two.
      List<Batch> stored = delivery.deliver(List.of(job(0, 0, 4), job(1, 0, 4))).stored();

      // 3. Decoded off the caller's thread, by the delivery's workers.
      assertThat(stored).hasSize(2);
      assertThat(threads).allMatch(name -> name.startsWith("genealogy-sink-insert-"));
    }
  }

  @Test
  void theRoundsClosureIsDerivedOnceOnTheCallingThreadAfterItsInsertsAndBeforeItsStoredMark() {
    // 1. A closure store that notes each read of links: the thread, the links asked for, and what
    //    ClickHouse and the offsets held at that moment.
    List<String> reads = new ArrayList<>();
    ClosureStore noting =
        linksOnly(
            keys -> {
              reads.add(
                  Thread.currentThread().getName()
                      + " "
                      + new TreeSet<>(keys)
                      + " edges="
                      + clickHouse.rows(SinkTable.GENEALOGY_EDGES)
                      + " "
                      + store.read(EDGES, 0)
                      + " "
                      + store.read(EDGES, 1));
              return List.of();
            });

    // 2. A round of two partitions' edges.
    BatchDelivery.Outcome outcome;
    try (BatchDelivery delivery = edgeDelivery(noting)) {
      outcome = delivery.deliver(List.of(edgeJob(0), edgeJob(1)));
    }

    // 3. One read for both partitions' links, on this thread, with every edge stored and both
    //    ranges still pending; then both stored.
    assertThat(outcome.failure()).isEmpty();
    assertThat(reads)
        .containsExactly(
            Thread.currentThread().getName()
                + " [LinkKey[parent=SN-P0, child=SN-C0-0], LinkKey[parent=SN-P0, child=SN-C0-1],"
                + " LinkKey[parent=SN-P1, child=SN-C1-0], LinkKey[parent=SN-P1, child=SN-C1-1]]"
                + " edges=4 "
                + new DeliveryState.Pending(new OffsetRange(EDGES, 0, 0, 1))
                + " "
                + new DeliveryState.Pending(new OffsetRange(EDGES, 1, 0, 1)));
    assertThat(store.read(EDGES, 0)).isEqualTo(new DeliveryState.Stored(2));
    assertThat(store.read(EDGES, 1)).isEqualTo(new DeliveryState.Stored(2));
  }

  @Test
  void aRoundWhoseClosureCannotBeDerivedStaysPendingToBeReplayed() {
    // 1. ClickHouse takes the edges, then times out on the closure's read.
    ClosureStore timingOut =
        linksOnly(
            keys -> {
              throw new SinkFailure.Retriable("closure read of links timed out", null);
            });

    // 2. A round of two partitions' edges.
    BatchDelivery.Outcome outcome;
    try (BatchDelivery delivery = edgeDelivery(timingOut)) {
      outcome = delivery.deliver(List.of(edgeJob(0), edgeJob(1)));
    }

    // 3. Nothing stored, both ranges pending: the round is replayed (its inserts dropped by their
    //    tokens) and the closure derived again.
    assertThat(outcome.stored()).isEmpty();
    assertThat(outcome.failure()).get().isInstanceOf(SinkFailure.Retriable.class);
    assertThat(store.read(EDGES, 0))
        .isEqualTo(new DeliveryState.Pending(new OffsetRange(EDGES, 0, 0, 1)));
    assertThat(store.read(EDGES, 1))
        .isEqualTo(new DeliveryState.Pending(new OffsetRange(EDGES, 1, 0, 1)));
  }

  /** A closure store whose links come from {@code links}, with no ranges and no rows kept. */
  private static ClosureStore linksOnly(Function<Collection<LinkKey>, List<Link>> links) {
    return new ClosureStore() {
      @Override
      public List<Link> links(Collection<LinkKey> keys) {
        return links.apply(keys);
      }

      @Override
      public List<ClosureRow> ranges(Collection<ClosureRow.RangeKey> ranges) {
        return List.of();
      }

      @Override
      public void insert(List<ClosureRow> rows) {}
    };
  }

  /** Partition p's edges: child SN-C{p}-{offset} installed in parent SN-P{p}. */
  private BatchDelivery edgeDelivery(ClosureStore closure) {
    return new BatchDelivery(
        store,
        source ->
            new Decoded.Value(
                source,
                TestRecords.edge(
                    "SN-P" + source.partition(),
                    "SN-C" + source.partition() + "-" + source.offset(),
                    false)),
        clickHouse,
        letters -> {},
        Optional.of(new ClosureMaintenance(closure)),
        2);
  }

  private static BatchDelivery.Job edgeJob(int partition) {
    List<SourceRecord> records =
        List.of(Records.source(EDGES, partition, 0), Records.source(EDGES, partition, 1));
    return new BatchDelivery.Job(new OffsetRange(EDGES, partition, 0, 1), records, false);
  }

  private BatchDelivery delivery(RowWriter writer, int concurrency) {
    return new BatchDelivery(
        store, BatchDeliveryTest::decode, writer, letters -> {}, Optional.empty(), concurrency);
  }

  private static BatchDelivery.Job job(int partition, long first, long last) {
    return new BatchDelivery.Job(
        new OffsetRange(TOPIC, partition, first, last), records(partition, first, last), false);
  }

  private static List<SourceRecord> records(int partition, long first, long last) {
    List<SourceRecord> records = new ArrayList<>();
    for (long offset = first; offset <= last; offset++) {
      records.add(Records.source(TOPIC, partition, offset));
    }
    return records;
  }

  /** The test's "registry": a record's partition and offset name its unit. */
  private static Decoded decode(SourceRecord source) {
    return new Decoded.Value(
        source, TestRecords.stepStarted("SN-" + source.partition() + "-" + source.offset(), 2));
  }
}
