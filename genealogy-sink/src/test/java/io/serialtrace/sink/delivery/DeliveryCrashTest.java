package io.serialtrace.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.TestRecords;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.DeadLetter;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.Records;
import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.batch.SourceRecord;
import io.serialtrace.sink.batch.TableInsert;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash table of the README, one row per test: a sink incarnation dies at a point of the
 * delivery protocol, a new one (with different poll boundaries, as after a restart or rebalance)
 * takes over from the durable state only, and the tables end with every record exactly once. Three
 * partitions, delivered one per round or all three in a round (each on its own worker, so a crash
 * during the inserts lands while other batches of the round are being inserted too).
 */
@Timeout(30)
class DeliveryCrashTest {
  private static final String TOPIC = SinkTopic.UNIT_RECORDS.topicName();
  private static final int PARTITIONS = 3;
  private static final int RECORDS = 50;
  private static final int MAX_RECORDS = 8;

  /** Where the first incarnation dies, during its third round. */
  enum CrashPoint {
    NONE,
    BEFORE_PENDING_MARK,
    AFTER_PENDING_MARK_BEFORE_INSERT,
    DURING_INSERT_AFTER_FIRST_TABLE,
    AFTER_INSERT_BEFORE_STORED_MARK,
    AFTER_STORED_MARK
  }

  /** Thrown by the doubles to kill an incarnation, like SIGKILL: nothing after it runs. */
  static final class Crash extends RuntimeException {}

  static Stream<Arguments> crashes() {
    List<Arguments> cases = new ArrayList<>();
    for (CrashPoint point : CrashPoint.values()) {
      for (int concurrency : new int[] {1, PARTITIONS}) {
        // Second incarnation polls fewer, the same, or more records than the first did.
        for (int secondPoll : new int[] {3, 5, 13}) {
          cases.add(Arguments.of(point, concurrency, 5, secondPoll));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, {1} partition(s) per round, polls of {2} then {3}")
  @MethodSource("crashes")
  void everyRecordIsStoredExactlyOnceWhateverThePointOfTheCrash(
      CrashPoint point, int concurrency, int firstPoll, int secondPoll) {
    // 1. Partition logs of UnitStarted records: each gives a unit_records and a units row.
    List<List<Decoded>> logs = new ArrayList<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      List<Decoded> log = new ArrayList<>();
      for (int offset = 0; offset < RECORDS; offset++) {
        log.add(
            Records.value(
                TOPIC, partition, offset, TestRecords.started("SN-" + partition + "-" + offset)));
      }
      logs.add(log);
    }
    InMemoryDeliveryStateStore store = new InMemoryDeliveryStateStore();
    InMemoryClickHouse clickHouse = new InMemoryClickHouse();

    // 2. First incarnation, killed at the crash point in its third round.
    boolean crashed = false;
    try {
      runIncarnation(logs, store, clickHouse, firstPoll, concurrency, point, 3);
    } catch (Crash e) {
      crashed = true;
    }
    assertThat(crashed).isEqualTo(point != CrashPoint.NONE);

    // 3. Second incarnation from the durable state only, with other poll boundaries.
    runIncarnation(logs, store, clickHouse, secondPoll, concurrency, CrashPoint.NONE, 0);

    // 4. Every record exactly once in each table; each committed offset is at the end.
    assertThat(clickHouse.rows(SinkTable.UNIT_RECORDS)).isEqualTo(PARTITIONS * RECORDS);
    assertThat(clickHouse.rows(SinkTable.UNITS)).isEqualTo(PARTITIONS * RECORDS);
    for (int partition = 0; partition < PARTITIONS; partition++) {
      assertThat(coveredOffsets(clickHouse.acceptedTokens(SinkTable.UNIT_RECORDS), partition))
          .as("partition %d", partition)
          .containsExactlyElementsOf(LongStream.range(0, RECORDS).boxed().toList());
      assertThat(store.read(TOPIC, partition)).isEqualTo(new DeliveryState.Stored(RECORDS));
    }
    if (point == CrashPoint.DURING_INSERT_AFTER_FIRST_TABLE
        || point == CrashPoint.AFTER_INSERT_BEFORE_STORED_MARK) {
      assertThat(clickHouse.droppedDuplicates()).isPositive();
    }
  }

  /** A partition as one incarnation sees it: what is pending, buffered and read. */
  private static final class Partition {
    Optional<OffsetRange> pending;
    long position;
    final List<SourceRecord> buffer = new ArrayList<>();

    Partition(DeliveryState state) {
      pending = state.pending();
      position =
          switch (state) {
            case DeliveryState.Fresh f -> 0;
            case DeliveryState.Stored s -> s.nextOffset();
            case DeliveryState.Pending p -> p.range().first();
          };
    }
  }

  /**
   * A consumer loop over {@code logs}, as the DeliveryLoop runs it: polls every partition, cuts
   * with {@link BatchCut}, delivers rounds of at most {@code concurrency} partitions.
   */
  private static void runIncarnation(
      List<List<Decoded>> logs,
      InMemoryDeliveryStateStore store,
      InMemoryClickHouse clickHouse,
      int pollSize,
      int concurrency,
      CrashPoint point,
      int crashInRound) {
    Incarnation doubles = new Incarnation(store, clickHouse, point, crashInRound);
    List<DeadLetter> deadLetters = Collections.synchronizedList(new ArrayList<>());
    List<Partition> partitions = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      partitions.add(new Partition(store.read(TOPIC, p)));
    }
    try (BatchDelivery delivery =
        new BatchDelivery(
            doubles.store,
            source -> logs.get(source.partition()).get((int) source.offset()),
            doubles.writer,
            deadLetters::addAll,
            Optional.empty(),
            concurrency)) {
      while (partitions.stream().anyMatch(p -> p.position < RECORDS || !p.buffer.isEmpty())) {
        for (Partition partition : partitions) {
          int p = partitions.indexOf(partition);
          int end = (int) Math.min(RECORDS, partition.position + pollSize);
          for (long offset = partition.position; offset < end; offset++) {
            partition.buffer.add(logs.get(p).get((int) offset).source());
          }
          partition.position = end;
        }
        List<BatchDelivery.Job> round = cuts(partitions, concurrency);
        while (!round.isEmpty()) {
          BatchDelivery.Outcome outcome = delivery.deliver(round);
          outcome.failure().ifPresent(f -> doubles.rethrow(f));
          for (Batch batch : outcome.stored()) {
            Partition partition = partitions.get(batch.range().partition());
            partition.buffer.removeIf(r -> r.offset() <= batch.range().last());
            partition.pending = Optional.empty();
          }
          round = cuts(partitions, concurrency);
        }
      }
    }
  }

  /** The next round: each partition's cut, if it has one, up to {@code concurrency}. */
  private static List<BatchDelivery.Job> cuts(List<Partition> partitions, int concurrency) {
    List<BatchDelivery.Job> round = new ArrayList<>();
    for (int p = 0; p < partitions.size() && round.size() < concurrency; p++) {
      Partition partition = partitions.get(p);
      Optional<BatchCut.Cut> cut =
          BatchCut.decide(
              TOPIC,
              p,
              partition.pending,
              partition.buffer.stream().map(SourceRecord::offset).toList(),
              partition.position,
              MAX_RECORDS,
              partition.position >= RECORDS,
              true);
      cut.ifPresent(
          c ->
              round.add(
                  new BatchDelivery.Job(
                      c.range(),
                      partition.buffer.stream()
                          .filter(
                              r ->
                                  r.offset() >= c.range().first() && r.offset() <= c.range().last())
                          .toList(),
                      c.replay())));
    }
    return round;
  }

  /**
   * The durable store and ClickHouse as one incarnation reaches them, killing it at {@code point}
   * of round {@code crashInRound}: from then on every call it makes fails, as if the process were
   * gone (another worker of the round may still have landed its inserts before).
   */
  private static final class Incarnation {
    private final CrashPoint point;
    private final int crashInRound;
    private volatile int round;
    private volatile boolean dead;
    final DeliveryStateStore store;
    final RowWriter writer;

    Incarnation(
        InMemoryDeliveryStateStore durable,
        InMemoryClickHouse clickHouse,
        CrashPoint point,
        int crashInRound) {
      this.point = point;
      this.crashInRound = crashInRound;
      this.store =
          new DeliveryStateStore() {
            @Override
            public DeliveryState read(String topic, int partition) {
              return durable.read(topic, partition);
            }

            @Override
            public void markPending(List<OffsetRange> ranges) {
              round++;
              crashIf(CrashPoint.BEFORE_PENDING_MARK);
              durable.markPending(ranges);
              crashIf(CrashPoint.AFTER_PENDING_MARK_BEFORE_INSERT);
            }

            @Override
            public void markStored(List<OffsetRange> ranges) {
              crashIf(CrashPoint.AFTER_INSERT_BEFORE_STORED_MARK);
              durable.markStored(ranges);
              crashIf(CrashPoint.AFTER_STORED_MARK);
            }
          };
      this.writer =
          (TableInsert insert, String token) -> {
            alive();
            clickHouse.insert(insert, token);
            crashIf(CrashPoint.DURING_INSERT_AFTER_FIRST_TABLE);
          };
    }

    private synchronized void crashIf(CrashPoint here) {
      alive();
      if (point == here && round == crashInRound) {
        dead = true;
        throw new Crash();
      }
    }

    private void alive() {
      if (dead) {
        throw new Crash();
      }
    }

    /** A worker's failure comes back in the round's outcome; a crash ends the incarnation. */
    void rethrow(RuntimeException failure) {
      throw failure;
    }
  }

  private static List<Long> coveredOffsets(List<String> tokens, int partition) {
    List<Long> offsets = new ArrayList<>();
    for (String token : tokens) {
      String[] parts = token.split(":");
      if (Integer.parseInt(parts[1]) != partition) {
        continue;
      }
      String[] range = parts[2].split("-");
      for (long o = Long.parseLong(range[0]); o <= Long.parseLong(range[1]); o++) {
        offsets.add(o);
      }
    }
    offsets.sort(Long::compare);
    return offsets;
  }
}
