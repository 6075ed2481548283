package io.serialtrace.stack.kafka;

import io.serialtrace.schemas.topics.TraceTopic;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * Who may do what on Kafka, declared once: one principal per service with the topics it writes and
 * reads, its consumer group and its transactional ids. The secure local stack turns this into ACLs
 * ({@link #aclBindings}); the helm chart's KafkaUsers are checked against the same declaration
 * (helm module, {@code ChartKafkaUsersTest}), and so are the topic names against the services' own
 * registries (the gate's {@code Topics}, ingest's and the sink's settings), which the local stack
 * cannot see from here.
 *
 * <p>Nothing here is a wildcard or cluster-wide: a service that is not named for a topic gets
 * {@code TopicAuthorizationException}, which the security ITs prove. No service may create a
 * pipeline topic: the platform does (the stack's admin locally, the Strimzi topic operator on
 * Kubernetes), from the topic registry.
 */
public enum ServiceAccess {
  /** HTTP/MQTT in, CDC of routes; answers stations from the gate's decisions (no group). */
  INGEST(
      "ingest",
      "ingest",
      List.of(
          TraceTopic.Names.PRODUCTION_EVENTS,
          TraceTopic.Names.ROUTES,
          TraceTopic.Names.INGEST_DEAD_LETTERS),
      List.of(TraceTopic.Names.GATE_DECISIONS),
      List.of()),

  /**
   * The Kafka Streams gate (exactly_once_v2, {@code group.protocol=streams}): everything under its
   * application.id (changelog and repartition topics, which it or the broker creates), its group
   * (whose standby setting it alters at start) and its transactional ids.
   */
  GATE(
      "gate",
      "gating-streams",
      List.of(
          TraceTopic.Names.GATE_DECISIONS,
          TraceTopic.Names.UNIT_RECORDS,
          TraceTopic.Names.VIOLATIONS,
          TraceTopic.Names.GENEALOGY,
          TraceTopic.Names.UNITS_COMPLETED,
          TraceTopic.Names.GATE_DEAD_LETTERS,
          TraceTopic.Names.COMPONENT_VIOLATIONS,
          TraceTopic.Names.CLAIM_ANSWERS),
      List.of(
          TraceTopic.Names.PRODUCTION_EVENTS,
          TraceTopic.Names.ROUTES,
          TraceTopic.Names.COMPONENT_VIOLATIONS,
          TraceTopic.Names.CLAIM_ANSWERS),
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
              EnumSet.of(AclOperation.WRITE, AclOperation.DESCRIBE)))),

  /** Kafka → ClickHouse: reads the gate's outputs under its group, writes its dead letters. */
  SINK(
      "sink",
      "genealogy-sink",
      List.of(TraceTopic.Names.SINK_DEAD_LETTERS),
      List.of(
          TraceTopic.Names.UNIT_RECORDS,
          TraceTopic.Names.VIOLATIONS,
          TraceTopic.Names.GENEALOGY,
          TraceTopic.Names.UNITS_COMPLETED),
      List.of(
          new AccessRule(
              ResourceType.GROUP,
              PatternType.LITERAL,
              Names.SINK_GROUP,
              EnumSet.of(AclOperation.READ)))),

  /** trace-api: reads violations for the live stream; writes nothing. */
  API(
      "api",
      "trace-api",
      List.of(),
      List.of(TraceTopic.Names.VIOLATIONS),
      List.of(
          new AccessRule(
              ResourceType.GROUP,
              PatternType.PREFIXED,
              Names.API_GROUP_PREFIX,
              EnumSet.of(AclOperation.READ))));

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
   * One allowed set of operations on one resource pattern, for this service's principal.
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

  private final String principal;
  private final String module;
  private final List<String> writes;
  private final List<String> reads;
  private final List<AccessRule> extra;

  ServiceAccess(
      String principal,
      String module,
      List<String> writes,
      List<String> reads,
      List<AccessRule> extra) {
    this.principal = principal;
    this.module = module;
    this.writes = writes;
    this.reads = reads;
    this.extra = extra;
  }

  /** The SCRAM user name of this service (also its local-stack component name). */
  public String principal() {
    return principal;
  }

  /** The Maven module (and the helm chart's component name) of this service. */
  public String module() {
    return module;
  }

  /** Topics this service produces to. */
  public List<String> writes() {
    return writes;
  }

  /** Topics this service consumes. */
  public List<String> reads() {
    return reads;
  }

  /** The rules of this service: Write+Describe per written topic, Read+Describe per read one. */
  public List<AccessRule> rules() {
    List<AccessRule> rules = new ArrayList<>();
    for (String topic : writes) {
      rules.add(topic(topic, AclOperation.WRITE, AclOperation.DESCRIBE));
    }
    for (String topic : reads) {
      rules.add(topic(topic, AclOperation.READ, AclOperation.DESCRIBE));
    }
    rules.addAll(extra);
    return List.copyOf(rules);
  }

  /** The Kafka principal, {@code User:<principal>}. */
  public String kafkaPrincipal() {
    return "User:" + principal;
  }

  /** This service's rules as ACL bindings, one per operation, from any host. */
  public List<AclBinding> aclBindings() {
    List<AclBinding> bindings = new ArrayList<>();
    for (AccessRule rule : rules()) {
      for (AclOperation operation : rule.operations()) {
        bindings.add(
            new AclBinding(
                new ResourcePattern(rule.type(), rule.name(), rule.pattern()),
                new AccessControlEntry(kafkaPrincipal(), "*", operation, AclPermissionType.ALLOW)));
      }
    }
    return bindings;
  }

  /** Every service's ACL bindings: what the secure local stack's ACLs must be, exactly. */
  public static Set<AclBinding> allBindings() {
    Set<AclBinding> all = new java.util.LinkedHashSet<>();
    for (ServiceAccess service : values()) {
      all.addAll(service.aclBindings());
    }
    return all;
  }

  private static AccessRule topic(String name, AclOperation... operations) {
    return new AccessRule(
        ResourceType.TOPIC, PatternType.LITERAL, name, EnumSet.copyOf(List.of(operations)));
  }
}
