package io.serialtrace.sink;

import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A load over all four topics with one id per record: record i of {@code prefix} goes to topic i %
 * 4, so n records give n/4 rows per table family (unit_records, violations, genealogy_edges, units
 * from completions).
 */
public final class LoadRecords {
  private LoadRecords() {}

  public static Future<RecordMetadata> send(
      KafkaProducer<String, Object> producer, String prefix, int i) {
    String serial = prefix + "-" + (i / 4);
    return switch (i % 4) {
      case 0 ->
          producer.send(
              new ProducerRecord<>(
                  SinkTopic.UNIT_RECORDS.topicName(), serial, TestRecords.stepStarted(serial, 2)));
      case 1 ->
          producer.send(
              new ProducerRecord<>(
                  SinkTopic.VIOLATIONS.topicName(),
                  serial,
                  TestRecords.violation(serial, serial + "/V", false)));
      case 2 ->
          producer.send(
              new ProducerRecord<>(
                  SinkTopic.GENEALOGY.topicName(),
                  serial,
                  TestRecords.edge(serial, serial + "-C", false)));
      default ->
          producer.send(
              new ProducerRecord<>(
                  SinkTopic.UNITS_COMPLETED.topicName(), serial, TestRecords.completed(serial)));
    };
  }

  /** SQL giving (rows, distinct ids) summed over the four tables for {@code prefix}. */
  public static String countSql(String database, String prefix, boolean distinct) {
    String like = " LIKE '" + prefix + "-%'";
    String f = distinct ? "uniqExact" : "count";
    return "SELECT (SELECT "
        + (distinct ? "uniqExact(serial, seq)" : "count()")
        + " FROM "
        + database
        + ".unit_records WHERE serial"
        + like
        + ") + (SELECT "
        + (distinct ? f + "(violation_id)" : "count()")
        + " FROM "
        + database
        + ".violations WHERE serial"
        + like
        + ") + (SELECT "
        + (distinct ? f + "(event_id)" : "count()")
        + " FROM "
        + database
        + ".genealogy_edges WHERE parent_serial"
        + like
        + ") + (SELECT "
        + (distinct ? f + "(serial)" : "count()")
        + " FROM "
        + database
        + ".units WHERE serial"
        + like
        + ")";
  }
}
