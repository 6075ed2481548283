package io.serialtrace.stack.kafka;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.schemas.topics.TraceTopic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may do what on Kafka, one principal per {@link Service}. The topic rights are derived from
 * the topic registry ({@link TraceTopic}'s writers, readers and creators); this class declares only
 * what is not a pipeline topic: the gate's application-id prefix (its internal topics and
 * transactional ids) and the services' consumer groups. The secure local stack applies the result
 * as ACLs ({@link #allBindings}); the chart's KafkaUsers are generated from {@link #rules} (helm
 * module).
 *
 * <p>Nothing here is a wildcard or cluster-wide: a service that is not named for a topic gets
 * {@code TopicAuthorizationException}, which the security ITs prove. No service may create a
 * pipeline topic that the platform creates (the stack's admin locally, the Strimzi topic operator
 * on Kubernetes).
 */
public final class ServiceAccess {

  /**
   * The names the declaration speaks of besides the topics (those are {@link TraceTopic.Names}):
   * the gate's application id and the sink's group are the services' own settings, checked against
   * these by the helm module's tests.
   */
  public static final class Names {
    /** The gate's {@code quarkus.kafka-streams.application-id}: group and prefix of its ids. */
    public static final String GATE_APPLICATION_ID = "trace-gate";

    /** The sink's {@code sink.kafka.group-id} default. */
    public static final String SINK_GROUP = "genealogy-sink";

    /** Prefix of trace-api's consumer groups (one per instance, if it ever uses groups). */
    public static final String API_GROUP_PREFIX = "trace-api";

    private Names() {}
  }

  /**
   * One allowed set of operations on one resource pattern, for one service's principal.
   *
   * @param type topic, group or transactional id
   * @param pattern literal name or prefix
   * @param name the name or the prefix
   * @param operations the operations allowed (never {@code ALL})
   */
  public record AccessRule(
      ResourceType type, PatternType pattern, String name, Set<AclOperation> operations) {
    public AccessRule {
      operations = Set.copyOf(operations);
    }
  }

  private ServiceAccess() {}

  /** Topics the service produces to: those naming it as a writer. */
  public static List<String> writes(Service service) {
    return Arrays.stream(TraceTopic.values())
        .filter(topic -> topic.writers().contains(service))
        .map(TraceTopic::topicName)
        .toList();
  }

  /** Topics the service consumes: those naming it as a reader. */
  public static List<String> reads(Service service) {
    return Arrays.stream(TraceTopic.values())
        .filter(topic -> topic.readers().contains(service))
        .map(TraceTopic::topicName)
        .toList();
  }

  /**
   * The rules of the service: Write+Describe per topic it writes, Read+Describe per topic it reads,
   * Create+Describe per topic it creates itself, then its own resources ({@link #ownResources}).
   */
  public static List<AccessRule> rules(Service service) {
    List<AccessRule> rules = new ArrayList<>();
    writes(service).forEach(t -> rules.add(topic(t, AclOperation.WRITE, AclOperation.DESCRIBE)));
    reads(service).forEach(t -> rules.add(topic(t, AclOperation.READ, AclOperation.DESCRIBE)));
    for (TraceTopic created : TraceTopic.values()) {
      if (created.createdBy() == service) {
        rules.add(topic(created.topicName(), AclOperation.CREATE, AclOperation.DESCRIBE));
      }
    }
    rules.addAll(ownResources(service));
    return List.copyOf(rules);
  }

  /** What a service needs besides pipeline topics: its groups, internal topics, transactions. */
  private static List<AccessRule> ownResources(Service service) {
    return switch (service) {
      // Reads the gate's decisions by assignment, without a consumer group.
      case INGEST -> List.of();
      // Kafka Streams (exactly_once_v2, group.protocol=streams): everything under its
      // application.id — changelog and repartition topics, which it or the broker creates; its
      // group, whose standby setting it alters at start; its transactional ids.
      case GATE ->
          List.of(
              new AccessRule(
                  ResourceType.TOPIC,
                  PatternType.PREFIXED,
                  Names.GATE_APPLICATION_ID + "-",
                  EnumSet.of(
                      AclOperation.CREATE,
                      AclOperation.DELETE,
                      AclOperation.READ,
                      AclOperation.WRITE,
                      AclOperation.DESCRIBE,
                      AclOperation.DESCRIBE_CONFIGS)),
              new AccessRule(
                  ResourceType.GROUP,
                  PatternType.LITERAL,
                  Names.GATE_APPLICATION_ID,
                  EnumSet.of(
                      AclOperation.READ,
                      AclOperation.DESCRIBE,
                      AclOperation.DESCRIBE_CONFIGS,
                      AclOperation.ALTER_CONFIGS)),
              new AccessRule(
                  ResourceType.TRANSACTIONAL_ID,
                  PatternType.PREFIXED,
                  Names.GATE_APPLICATION_ID + "-",
                  EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE)));
      // Offsets and the pending-range metadata are committed under this group.
      case SINK -> List.of(group(PatternType.LITERAL, Names.SINK_GROUP));
      // The live violation stream's consumers, one group per instance.
      case API -> List.of(group(PatternType.PREFIXED, Names.API_GROUP_PREFIX));
    };
  }

  /** The Kafka principal, {@code User:<principal>}. */
  public static String kafkaPrincipal(Service service) {
    return "User:" + service.principal();
  }

  /** The service's rules as ACL bindings, one per operation, from any host. */
  public static List<AclBinding> aclBindings(Service service) {
    List<AclBinding> bindings = new ArrayList<>();
    for (AccessRule rule : rules(service)) {
      for (AclOperation operation : rule.operations()) {
        bindings.add(
            new AclBinding(
                new ResourcePattern(rule.type(), rule.name(), rule.pattern()),
                new AccessControlEntry(
                    kafkaPrincipal(service), "*", operation, AclPermissionType.ALLOW)));
      }
    }
    return bindings;
  }

  /** Every service's ACL bindings: what the secure local stack's ACLs must be, exactly. */
  public static Set<AclBinding> allBindings() {
    Set<AclBinding> all = new LinkedHashSet<>();
    for (Service service : Service.values()) {
      all.addAll(aclBindings(service));
    }
    return all;
  }

  private static AccessRule topic(String name, AclOperation... operations) {
    return new AccessRule(
        ResourceType.TOPIC, PatternType.LITERAL, name, EnumSet.copyOf(List.of(operations)));
  }

  private static AccessRule group(PatternType pattern, String name) {
    return new AccessRule(ResourceType.GROUP, pattern, name, EnumSet.of(AclOperation.READ));
  }
}
