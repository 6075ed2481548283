package io.serialtrace.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one consumer loop of trace-api's live streams reports where it stands: Reading once
 * positioned, Retrying (readiness DOWN) while it cannot read and Reading again after, Died
 * (liveness DOWN) when its thread ends with an error, Stopped when closed. Kafka's MockConsumer
 * stands in for the broker: this is the loop's bookkeeping, the ITs run it against the stack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsumerLoopTest {
  private static final TopicPartition PARTITION = new TopicPartition("t", 0);

  @Test
  void aLoopThatCannotReadReportsRetryingThenReadingOnceItCan() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    MockConsumer<String, Object> broker = positioned();
    broker.setPollException(new KafkaException("broker unreachable"));
    try (ConsumerLoop loop =
        ConsumerLoop.start(
            "test-loop",
            () -> {
              attempts.incrementAndGet();
              return attempts.get() == 1 ? broker : positioned();
            },
            new Recorder(),
            Duration.ofSeconds(5))) {
      assertThat(await(loop, c -> c instanceof ConsumerLoop.Condition.Retrying))
          .asInstanceOf(
              org.assertj.core.api.InstanceOfAssertFactories.type(
                  ConsumerLoop.Condition.Retrying.class))
          .extracting(ConsumerLoop.Condition.Retrying::reason)
          .asString()
          .contains("broker unreachable");
      assertThat(await(loop, c -> c instanceof ConsumerLoop.Condition.Reading))
          .isInstanceOf(ConsumerLoop.Condition.Reading.class);
      assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aLoopWhoseThreadEndsWithAnErrorReportsDied() throws Exception {
    ConsumerLoop.Reader failing =
        new Recorder() {
          @Override
          public void read(ConsumerRecords<String, Object> records, Consumer<String, Object> c) {
            throw new LinkageError("broken class");
          }
        };
    try (ConsumerLoop loop =
        ConsumerLoop.start(
            "test-loop", ConsumerLoopTest::positioned, failing, Duration.ofSeconds(5))) {
      assertThat(await(loop, c -> c instanceof ConsumerLoop.Condition.Died))
          .isInstanceOf(ConsumerLoop.Condition.Died.class);
    }
  }

  @Test
  void aClosedLoopReportsStopped() throws Exception {
    ConsumerLoop loop =
        ConsumerLoop.start(
            "test-loop", ConsumerLoopTest::positioned, new Recorder(), Duration.ofSeconds(5));
    await(loop, c -> c instanceof ConsumerLoop.Condition.Reading);
    loop.close();
    assertThat(loop.condition()).isInstanceOf(ConsumerLoop.Condition.Stopped.class);
  }

  private static MockConsumer<String, Object> positioned() {
    MockConsumer<String, Object> consumer = new MockConsumer<>("earliest");
    consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
    consumer.updateEndOffsets(Map.of(PARTITION, 0L));
    return consumer;
  }

  private static ConsumerLoop.Condition await(
      ConsumerLoop loop, Predicate<ConsumerLoop.Condition> done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && !done.test(loop.condition())) {
      Thread.sleep(20);
    }
    return loop.condition();
  }

  private static class Recorder implements ConsumerLoop.Reader {
    @Override
    public void open(Consumer<String, Object> consumer) {
      consumer.assign(List.of(PARTITION));
      consumer.seekToBeginning(List.of(PARTITION));
    }

    @Override
    public void read(ConsumerRecords<String, Object> records, Consumer<String, Object> consumer) {}

    @Override
    public void retrying(String reason) {}
  }
}
