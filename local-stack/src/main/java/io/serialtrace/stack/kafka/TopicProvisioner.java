package io.serialtrace.stack.kafka;

import io.serialtrace.schemas.topics.TraceTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the pipeline's topics from their one declaration, {@link TraceTopic}: what the chart's
 * KafkaTopics are in production, the local stack (and tests that reset topics) do through this.
 * Existing topics are kept as they are; one whose partition count differs from the declaration is
 * reported, never silently recreated (that would lose its records).
 */
public final class TopicProvisioner {
  private static final short REPLICATION = 1;

  private TopicProvisioner() {}

  /** What {@link #ensure} did: topics created, and existing topics that differ from the design. */
  public record Outcome(List<String> created, List<String> mismatched) {}

  /**
   * Creates every missing {@link TraceTopic} the platform creates ({@link
   * TraceTopic#createdByPlatform}), within {@code timeout} per admin call.
   */
  public static Outcome ensureAll(Admin admin, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return ensure(admin, TraceTopic.createdByPlatform(), timeout);
  }

  /** Creates the given topics where missing, as declared (one-broker replication). */
  public static Outcome ensure(Admin admin, Collection<TraceTopic> topics, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    long millis = timeout.toMillis();
    Set<String> existing = admin.listTopics().names().get(millis, TimeUnit.MILLISECONDS);
    List<NewTopic> missing = new ArrayList<>();
    List<String> present = new ArrayList<>();
    for (TraceTopic topic : topics) {
      if (existing.contains(topic.topicName())) {
        present.add(topic.topicName());
      } else {
        missing.add(newTopic(topic));
      }
    }
    List<String> created = new ArrayList<>();
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get(millis, TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
      } catch (ExecutionException e) {
        // Created meanwhile by a concurrent provisioner: it exists, which is all we want.
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return new Outcome(List.copyOf(created), mismatched(admin, present, millis));
  }

  private static NewTopic newTopic(TraceTopic topic) {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanup().config());
    configs.put(
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(topic.retention().map(Duration::toMillis).orElse(-1L)));
    return new NewTopic(topic.topicName(), topic.defaultPartitions(), REPLICATION).configs(configs);
  }

  private static List<String> mismatched(Admin admin, List<String> present, long millis)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (present.isEmpty()) {
      return List.of();
    }
    Map<String, TopicDescription> described =
        admin.describeTopics(present).allTopicNames().get(millis, TimeUnit.MILLISECONDS);
    List<String> mismatched = new ArrayList<>();
    for (TopicDescription description : described.values()) {
      TraceTopic topic = TraceTopic.named(description.name()).orElseThrow();
      int actual = description.partitions().size();
      if (actual != topic.defaultPartitions()) {
        mismatched.add(
            description.name()
                + " has "
                + actual
                + " partitions, declared "
                + topic.defaultPartitions());
      }
    }
    return List.copyOf(mismatched);
  }
}
