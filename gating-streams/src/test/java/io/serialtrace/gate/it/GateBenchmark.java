package io.serialtrace.gate.it;

import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the gate on this machine (not a test: run by hand against a running stack). Three
 * figures from one run, on the same events:
 *
 * <ol>
 *   <li>gate throughput, EOS on: a backlog of scripted events on the input topic, the gate started,
 *       events / time until every decision is readable (read_committed);
 *   <li>baseline: a raw consume → produce pass-through of the same input (byte copy, transactional,
 *       read_committed, committing every 100 ms like the gate) — the ratio is the gate's cost;
 *   <li>decision latency p50/p99/p999 at a stated rate: event produced → its decision read by a
 *       read_committed consumer, both clocks in this JVM.
 * </ol>
 *
 * <p>Arguments: {@code [units=2000] [latencyRatePerSecond=200] [latencySeconds=30]}. Endpoints come
 * from the stack settings ({@code TRACE_*_PORT}) as for the ITs. Wipes the gate's topics.
 */
public final class GateBenchmark {

  public static void main(String[] args) throws Exception {
    int units = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    StackEndpoints stack = StackEndpoints.of(StackSettings.fromEnvironment(RepositoryHome.find()));
    String run = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    try (GateKafka kafka = new GateKafka(stack)) {
      kafka.resetTopics();
      kafka.publishRoute(TestRoutes.sixStepRoute());
      GateScript backlog = GateScript.of("SN-" + run, units, Instant.now());
      kafka.produceEvents(backlog.events);
      int events = backlog.events.size();
      System.out.printf(
          "backlog: %d units, %d events on %s%n", units, events, Topics.PRODUCTION_EVENTS);

      // 1. Baseline pass-through of the same events.
      double baseline = passThrough(kafka, run, events);
      System.out.printf("baseline pass-through (EOS copy): %.0f events/s%n", baseline);

      // 2. The gate over the backlog.
      try (GateProcess gate = new GateProcess(stack, "gate-" + run, Map.of())) {
        gate.start(Duration.ofMinutes(2));
        Instant t0 = Instant.now();
        try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
          int read =
              GateKafka.readUntil(
                      decisions, r -> r.size() >= events, Duration.ofMinutes(10), Duration.ZERO)
                  .size();
          double seconds1 = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
          double gateRate = read / seconds1;
          System.out.printf(
              "gate (EOS, commit 100 ms): %d decisions in %.1f s = %.0f events/s; ratio to"
                  + " baseline %.2f%n",
              read, seconds1, gateRate, gateRate / baseline);
        }

        // 3. Latency at a stated rate, on new units.
        latency(kafka, run, rate, seconds);
      }
    }
  }

  private static double passThrough(GateKafka kafka, String run, int events) throws Exception {
    String copy = "bench.passthrough." + run;
    kafka
        .admin
        .createTopics(List.of(new NewTopic(copy, GateTopicsReset.PARTITIONS, (short) 1)))
        .all()
        .get();
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.stack.kafkaBootstrap());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "pass-" + run);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.stack.kafkaBootstrap());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "pass-" + run);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 100);
    try (var consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      consumer.subscribe(List.of(Topics.PRODUCTION_EVENTS));
      int copied = 0;
      Instant start = null;
      Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
      while (copied < events && Instant.now().isBefore(deadline)) {
        producer.beginTransaction();
        Instant commitAt = Instant.now().plusMillis(100);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        while (Instant.now().isBefore(commitAt)) {
          ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(20));
          if (!batch.isEmpty() && start == null) {
            start = Instant.now();
          }
          for (ConsumerRecord<byte[], byte[]> r : batch) {
            producer.send(new ProducerRecord<>(copy, r.key(), r.value()));
            offsets.put(
                new TopicPartition(r.topic(), r.partition()),
                new OffsetAndMetadata(r.offset() + 1));
            copied++;
          }
        }
        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        producer.commitTransaction();
      }
      double s = Duration.between(start, Instant.now()).toMillis() / 1000.0;
      return copied / s;
    } finally {
      kafka.admin.deleteTopics(List.of(copy));
    }
  }

  private static void latency(GateKafka kafka, String run, int rate, int seconds) throws Exception {
    GateScript script = GateScript.of("SN-" + run + "-lat", rate * seconds / 20 + 1, Instant.now());
    List<ProductionEvent> events =
        script.events.subList(0, Math.min(script.events.size(), rate * seconds));
    Map<String, Long> sentNanos = new ConcurrentHashMap<>();
    List<Long> latenciesMicros = new ArrayList<>();
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread reader =
        new Thread(
            () -> {
              try (var decisions = kafka.consumer(kafka.topics.gateDecisions())) {
                // Skip the backlog's decisions: only what is produced from now on is timed.
                decisions.seekToEnd(decisions.assignment());
                decisions.assignment().forEach(decisions::position);
                Instant stop = Instant.now().plus(Duration.ofSeconds(seconds + 60));
                while (Instant.now().isBefore(stop)
                    && (producing.get() || latenciesMicros.size() < events.size())) {
                  for (ConsumerRecord<String, GateDecision> r :
                      decisions.poll(Duration.ofMillis(50))) {
                    Long sent = sentNanos.get(r.value().getEventId().toString());
                    if (sent != null) {
                      synchronized (latenciesMicros) {
                        latenciesMicros.add((System.nanoTime() - sent) / 1000);
                      }
                    }
                  }
                }
              }
            });
    reader.start();
    Thread.sleep(2000); // the reader is positioned before the first send
    try (KafkaProducer<String, ProductionEvent> producer =
        kafka.producer(kafka.topics.productionEvents().valueSerde().serializer())) {
      long start = System.nanoTime();
      long intervalNanos = 1_000_000_000L / rate;
      for (int i = 0; i < events.size(); i++) {
        long due = start + i * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        ProductionEvent e = events.get(i);
        sentNanos.put(e.getEventId().toString(), System.nanoTime());
        producer.send(new ProducerRecord<>(Topics.PRODUCTION_EVENTS, e.getSerial(), e));
      }
      producer.flush();
    }
    producing.set(false);
    reader.join();
    long[] sorted;
    synchronized (latenciesMicros) {
      sorted = latenciesMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    System.out.printf(
        "decision latency at %d events/s for %d s (%d of %d timed): p50 %.1f ms, p99 %.1f ms,"
            + " p999 %.1f ms, max %.1f ms%n",
        rate,
        seconds,
        sorted.length,
        events.size(),
        pct(sorted, 0.50),
        pct(sorted, 0.99),
        pct(sorted, 0.999),
        sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1000.0);
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1000.0;
  }

  private GateBenchmark() {}
}
