package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.topics.Topics;
import io.serialtrace.helm.RenderedChart.Values;
import io.serialtrace.sink.SinkTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each service's KafkaUser grants exactly what the service produces and consumes, no more. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartKafkaUsersTest {

  /** What a service does on Kafka. Groups are (name, prefix?) pairs. */
  record Flows(List<String> produces, List<String> consumes, List<Grant> extra) {}

  /** One granted operation on one resource: the unit the comparison works on. */
  record Grant(String type, String pattern, String name, String operation) {}

  private static final String GATE_APP_ID = "trace-gate"; // gatingStreams.applicationId

  /** The table: what each service produces and consumes, from the code's registries. */
  private static final Map<String, Flows> TABLE =
      Map.of(
          "trace-ingest",
          new Flows(CodeTopics.ingestProduces(), CodeTopics.ingestConsumes(), List.of()),
          "trace-gating-streams",
          new Flows(
              Topics.outputs(),
              Topics.inputs(),
              concat(
                  grants(
                      "topic",
                      "prefix",
                      GATE_APP_ID + "-",
                      "Create",
                      "Delete",
                      "Read",
                      "Write",
                      "Describe",
                      "DescribeConfigs"),
                  grants("group", "literal", GATE_APP_ID, "Read", "Describe"),
                  grants("transactionalId", "prefix", GATE_APP_ID + "-", "Write", "Describe"))),
          "trace-genealogy-sink",
          new Flows(
              List.of(CodeTopics.sinkDeadLetters()),
              SinkTopic.names(),
              grants("group", "literal", CodeTopics.sinkGroup(), "Read")),
          "trace-trace-api",
          new Flows(
              List.of(),
              List.of(Topics.VIOLATIONS),
              grants("group", "prefix", "trace-api", "Read")));

  @SafeVarargs
  private static List<Grant> concat(List<Grant>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }

  private static List<Grant> grants(String type, String pattern, String name, String... ops) {
    return java.util.Arrays.stream(ops).map(op -> new Grant(type, pattern, name, op)).toList();
  }

  private static Set<Grant> expected(Flows flows) {
    Set<Grant> expected = new HashSet<>(flows.extra());
    flows
        .produces()
        .forEach(t -> expected.addAll(grants("topic", "literal", t, "Write", "Describe")));
    flows
        .consumes()
        .forEach(t -> expected.addAll(grants("topic", "literal", t, "Read", "Describe")));
    return expected;
  }

  private static Set<Grant> rendered(KafkaUser user) {
    Set<Grant> grants = new HashSet<>();
    var authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
    for (AclRule rule : authorization.getAcls()) {
      String type;
      String pattern;
      String name;
      switch (rule.getResource()) {
        case AclRuleTopicResource topic -> {
          type = "topic";
          pattern = topic.getPatternType().toValue();
          name = topic.getName();
        }
        case AclRuleGroupResource group -> {
          type = "group";
          pattern = group.getPatternType().toValue();
          name = group.getName();
        }
        case AclRuleTransactionalIdResource txn -> {
          type = "transactionalId";
          pattern = txn.getPatternType().toValue();
          name = txn.getName();
        }
        default -> throw new AssertionError("unexpected ACL resource " + rule.getResource());
      }
      assertThat(rule.getHost()).isEqualTo("*");
      rule.getOperations().forEach(op -> grants.add(new Grant(type, pattern, name, op.toValue())));
    }
    return grants;
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void grantsEachServiceExactlyWhatItProducesAndConsumes(Values values) {
    // 1. render the users
    List<KafkaUser> users = RenderedChart.render(values).all("KafkaUser", KafkaUser.class);

    // 2. one per service, nothing else
    assertThat(users)
        .extracting(u -> u.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(TABLE.keySet());

    // 3. each user's grants equal the table's, one by one (no wildcard, nothing extra)
    for (KafkaUser user : users) {
      assertThat(rendered(user))
          .as("ACLs of %s", user.getMetadata().getName())
          .containsExactlyInAnyOrderElementsOf(expected(TABLE.get(user.getMetadata().getName())));
    }
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void neverGrantsAWildcardOrClusterWideRight(Values values) {
    // 1. render
    List<KafkaUser> users = RenderedChart.render(values).all("KafkaUser", KafkaUser.class);

    // 2. no "*" resource name, no All operation, no cluster resource
    for (KafkaUser user : users) {
      assertThat(rendered(user))
          .allSatisfy(
              grant -> {
                assertThat(grant.name()).isNotEqualTo("*");
                assertThat(grant.operation()).isNotEqualTo("All");
                assertThat(grant.type()).isNotEqualTo("cluster");
              });
    }
  }
}
