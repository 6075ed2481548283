package io.serialtrace.sink.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.sink.SinkTopic;
import io.serialtrace.sink.TestRecords;
import io.serialtrace.sink.batch.Batch;
import io.serialtrace.sink.batch.BatchBuilder;
import io.serialtrace.sink.batch.DeadLetter;
import io.serialtrace.sink.batch.Decoded;
import io.serialtrace.sink.batch.OffsetRange;
import io.serialtrace.sink.batch.Records;
import io.serialtrace.sink.batch.SinkTable;
import io.serialtrace.sink.batch.TableInsert;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The crash table of the README, one row per test: a sink incarnation dies at a point of the
 * delivery protocol, a new one (with different poll boundaries, as after a restart or rebalance)
 * takes over from the durable state only, and the tables end with every record exactly once.
 */
class DeliveryCrashTest {
  private static final String TOPIC = SinkTopic.UNIT_RECORDS.topicName();
  private static final int RECORDS = 50;
  private static final int MAX_RECORDS = 8;

  /** Where the first incarnation dies, during its third batch. */
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
      // Second incarnation polls fewer, the same, or more records than the first did.
      for (int secondPoll : new int[] {3, 5, 13}) {
        cases.add(Arguments.of(point, 5, secondPoll));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}, polls of {1} then {2}")
  @MethodSource("crashes")
  void everyRecordIsStoredExactlyOnceWhateverThePointOfTheCrash(
      CrashPoint point, int firstPoll, int secondPoll) {
    // 1. A partition log of UnitStarted records: each gives a unit_records and a units row.
    List<Decoded> log = new ArrayList<>();
    for (int offset = 0; offset < RECORDS; offset++) {
      log.add(Records.value(TOPIC, 0, offset, TestRecords.started("SN-" + offset)));
    }
    InMemoryDeliveryStateStore store = new InMemoryDeliveryStateStore();
    InMemoryClickHouse clickHouse = new InMemoryClickHouse();

    // 2. First incarnation, killed at the crash point in its third batch.
    boolean crashed = false;
    try {
      runIncarnation(log, store, clickHouse, firstPoll, point, 3);
    } catch (Crash e) {
      crashed = true;
    }
    assertThat(crashed).isEqualTo(point != CrashPoint.NONE);

    // 3. Second incarnation from the durable state only, with other poll boundaries.
    runIncarnation(log, store, clickHouse, secondPoll, CrashPoint.NONE, 0);

    // 4. Every record exactly once in each table; the committed offset is at the end.
    assertThat(clickHouse.rows(SinkTable.UNIT_RECORDS)).isEqualTo(RECORDS);
    assertThat(clickHouse.rows(SinkTable.UNITS)).isEqualTo(RECORDS);
    assertThat(coveredOffsets(clickHouse.acceptedTokens(SinkTable.UNIT_RECORDS)))
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, RECORDS).boxed().toList());
    assertThat(store.read(TOPIC, 0)).isEqualTo(new DeliveryState.Stored(RECORDS));
    if (point == CrashPoint.DURING_INSERT_AFTER_FIRST_TABLE
        || point == CrashPoint.AFTER_INSERT_BEFORE_STORED_MARK) {
      assertThat(clickHouse.droppedDuplicates()).isPositive();
    }
  }

  /** A consumer loop over {@code log}: polls, cuts with {@link BatchCut}, delivers. */
  private static void runIncarnation(
      List<Decoded> log,
      InMemoryDeliveryStateStore store,
      InMemoryClickHouse clickHouse,
      int pollSize,
      CrashPoint point,
      int crashInBatch) {
    int[] batchNumber = {0};
    DeliveryStateStore crashingStore =
        new DeliveryStateStore() {
          @Override
          public DeliveryState read(String topic, int partition) {
            return store.read(topic, partition);
          }

          @Override
          public void markPending(OffsetRange range) {
            batchNumber[0]++;
            crashIf(CrashPoint.BEFORE_PENDING_MARK);
            store.markPending(range);
            crashIf(CrashPoint.AFTER_PENDING_MARK_BEFORE_INSERT);
          }

          @Override
          public void markStored(OffsetRange range) {
            crashIf(CrashPoint.AFTER_INSERT_BEFORE_STORED_MARK);
            store.markStored(range);
            crashIf(CrashPoint.AFTER_STORED_MARK);
          }

          private void crashIf(CrashPoint here) {
            if (point == here && batchNumber[0] == crashInBatch) {
              throw new Crash();
            }
          }
        };
    RowWriter crashingWriter =
        new RowWriter() {
          @Override
          public void insert(TableInsert insert, String token) {
            clickHouse.insert(insert, token);
            if (point == CrashPoint.DURING_INSERT_AFTER_FIRST_TABLE
                && batchNumber[0] == crashInBatch) {
              throw new Crash();
            }
          }
        };
    List<DeadLetter> deadLetters = new ArrayList<>();
    BatchDelivery delivery = new BatchDelivery(crashingStore, crashingWriter, deadLetters::addAll);

    DeliveryState state = store.read(TOPIC, 0);
    Optional<OffsetRange> pending = state.pending();
    long position =
        switch (state) {
          case DeliveryState.Fresh f -> 0;
          case DeliveryState.Stored s -> s.nextOffset();
          case DeliveryState.Pending p -> p.range().first();
        };
    List<Decoded> buffer = new ArrayList<>();
    while (position < log.size() || !buffer.isEmpty()) {
      int end = (int) Math.min(log.size(), position + pollSize);
      buffer.addAll(log.subList((int) position, end));
      position = end;
      boolean endOfLog = position >= log.size();
      Optional<BatchCut.Cut> cut =
          BatchCut.decide(
              TOPIC,
              0,
              pending,
              buffer.stream().map(d -> d.source().offset()).toList(),
              position,
              MAX_RECORDS,
              endOfLog);
      while (cut.isPresent()) {
        OffsetRange range = cut.get().range();
        List<Decoded> inRange =
            buffer.stream()
                .filter(
                    d ->
                        d.source().offset() >= range.first() && d.source().offset() <= range.last())
                .toList();
        Batch batch = BatchBuilder.build(range, inRange);
        delivery.deliver(batch, cut.get().replay());
        buffer.removeAll(inRange);
        pending = Optional.empty();
        cut =
            BatchCut.decide(
                TOPIC,
                0,
                pending,
                buffer.stream().map(d -> d.source().offset()).toList(),
                position,
                MAX_RECORDS,
                endOfLog);
      }
    }
  }

  private static List<Long> coveredOffsets(List<String> tokens) {
    List<Long> offsets = new ArrayList<>();
    for (String token : tokens) {
      String[] range = token.substring(token.lastIndexOf(':') + 1).split("-");
      for (long o = Long.parseLong(range[0]); o <= Long.parseLong(range[1]); o++) {
        offsets.add(o);
      }
    }
    offsets.sort(Long::compare);
    return offsets;
  }
}
