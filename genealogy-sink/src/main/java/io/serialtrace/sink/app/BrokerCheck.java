package io.serialtrace.sink.app;

import io.serialtrace.sink.SinkSettings;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Every {@code sink.kafka.broker-check-interval}, one metadata request bounded by {@code
 * broker-check-timeout}: unanswered, readiness turns DOWN (Retrying, "Kafka unreachable") until one
 * is answered. Nothing else changes: polls go on, and a batch that needs a commit retries it. Runs
 * on the loop's thread, with its consumer.
 */
final class BrokerCheck {
  private static final Logger LOG = Logger.getLogger(BrokerCheck.class);

  private final SinkSettings.Kafka settings;
  private final Consumer<?, ?> consumer;
  private final SinkStatus status;
  private boolean unreachable;
  private int failed;
  private long next = System.nanoTime();

  BrokerCheck(SinkSettings.Kafka settings, Consumer<?, ?> consumer, SinkStatus status) {
    this.settings = settings;
    this.consumer = consumer;
    this.status = status;
  }

  /** Checks the broker when the interval has passed since the last check; otherwise nothing. */
  void checkIfDue() {
    long now = System.nanoTime();
    if (now < next) {
      return;
    }
    next = now + settings.brokerCheckInterval().toNanos();
    Duration timeout = settings.brokerCheckTimeout();
    try {
      consumer.listTopics(timeout);
      if (unreachable) {
        unreachable = false;
        failed = 0;
        LOG.infof("Kafka answers again (%s)", settings.bootstrapServers());
        status.set(new SinkStatus.Condition.Running());
      }
    } catch (TimeoutException e) {
      unreachable = true;
      failed++;
      String reason =
          "Kafka unreachable: no broker of "
              + settings.bootstrapServers()
              + " answered a metadata request within "
              + timeout
              + " (consumption waits, nothing is committed or lost; it resumes when Kafka"
              + " answers)";
      LOG.warnf("%s; check %d", reason, failed);
      status.set(new SinkStatus.Condition.Retrying(reason, failed));
    }
  }
}
