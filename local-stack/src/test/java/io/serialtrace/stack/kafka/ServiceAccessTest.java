package io.serialtrace.stack.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.topics.Service;
import io.serialtrace.schemas.topics.TraceTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.junit.jupiter.api.Test;

/**
 * The Kafka ACLs derived from the topic registry's writers and readers plus the services' own
 * resources. The table below is the ACL set as it was declared by hand before the derivation:
 * pinned, so a change to a topic's readers or writers shows here as a reviewed change of rights.
 */
class ServiceAccessTest {

  /** principal, resource type, pattern type, name, operation — sorted. */
  private static final String ACLS_BEFORE_DERIVATION =
      """
      api GROUP PREFIXED trace-api READ
      api TOPIC LITERAL trace.record-checkpoints.v1 DESCRIBE
      api TOPIC LITERAL trace.record-checkpoints.v1 READ
      api TOPIC LITERAL trace.violations.v1 DESCRIBE
      api TOPIC LITERAL trace.violations.v1 READ
      gate GROUP LITERAL trace-gate ALTER_CONFIGS
      gate GROUP LITERAL trace-gate DESCRIBE
      gate GROUP LITERAL trace-gate DESCRIBE_CONFIGS
      gate GROUP LITERAL trace-gate READ
      gate TOPIC LITERAL trace.gate-claim-answers.v1 DESCRIBE
      gate TOPIC LITERAL trace.gate-claim-answers.v1 READ
      gate TOPIC LITERAL trace.gate-claim-answers.v1 WRITE
      gate TOPIC LITERAL trace.gate-component-violations.v1 DESCRIBE
      gate TOPIC LITERAL trace.gate-component-violations.v1 READ
      gate TOPIC LITERAL trace.gate-component-violations.v1 WRITE
      gate TOPIC LITERAL trace.gate-decisions.v1 DESCRIBE
      gate TOPIC LITERAL trace.gate-decisions.v1 WRITE
      gate TOPIC LITERAL trace.gate-dlq.v1 DESCRIBE
      gate TOPIC LITERAL trace.gate-dlq.v1 WRITE
      gate TOPIC LITERAL trace.genealogy.v1 DESCRIBE
      gate TOPIC LITERAL trace.genealogy.v1 WRITE
      gate TOPIC LITERAL trace.production-events.v1 DESCRIBE
      gate TOPIC LITERAL trace.production-events.v1 READ
      gate TOPIC LITERAL trace.record-checkpoints.v1 DESCRIBE
      gate TOPIC LITERAL trace.record-checkpoints.v1 WRITE
      gate TOPIC LITERAL trace.routes.v1 DESCRIBE
      gate TOPIC LITERAL trace.routes.v1 READ
      gate TOPIC LITERAL trace.unit-records.v1 DESCRIBE
      gate TOPIC LITERAL trace.unit-records.v1 WRITE
      gate TOPIC LITERAL trace.units-completed.v1 DESCRIBE
      gate TOPIC LITERAL trace.units-completed.v1 WRITE
      gate TOPIC LITERAL trace.violations.v1 DESCRIBE
      gate TOPIC LITERAL trace.violations.v1 WRITE
      gate TOPIC PREFIXED trace-gate- CREATE
      gate TOPIC PREFIXED trace-gate- DELETE
      gate TOPIC PREFIXED trace-gate- DESCRIBE
      gate TOPIC PREFIXED trace-gate- DESCRIBE_CONFIGS
      gate TOPIC PREFIXED trace-gate- READ
      gate TOPIC PREFIXED trace-gate- WRITE
      gate TRANSACTIONAL_ID PREFIXED trace-gate- DESCRIBE
      gate TRANSACTIONAL_ID PREFIXED trace-gate- WRITE
      ingest TOPIC LITERAL trace.gate-decisions.v1 DESCRIBE
      ingest TOPIC LITERAL trace.gate-decisions.v1 READ
      ingest TOPIC LITERAL trace.ingest-dlq.v1 DESCRIBE
      ingest TOPIC LITERAL trace.ingest-dlq.v1 WRITE
      ingest TOPIC LITERAL trace.production-events.v1 DESCRIBE
      ingest TOPIC LITERAL trace.production-events.v1 WRITE
      ingest TOPIC LITERAL trace.routes.v1 DESCRIBE
      ingest TOPIC LITERAL trace.routes.v1 WRITE
      sink GROUP LITERAL genealogy-sink READ
      sink TOPIC LITERAL trace.genealogy.v1 DESCRIBE
      sink TOPIC LITERAL trace.genealogy.v1 READ
      sink TOPIC LITERAL trace.sink-dlq.v1 DESCRIBE
      sink TOPIC LITERAL trace.sink-dlq.v1 WRITE
      sink TOPIC LITERAL trace.unit-records.v1 DESCRIBE
      sink TOPIC LITERAL trace.unit-records.v1 READ
      sink TOPIC LITERAL trace.units-completed.v1 DESCRIBE
      sink TOPIC LITERAL trace.units-completed.v1 READ
      sink TOPIC LITERAL trace.violations.v1 DESCRIBE
      sink TOPIC LITERAL trace.violations.v1 READ
      """;

  private static String describe(AclBinding binding) {
    return String.join(
        " ",
        binding.entry().principal().replace("User:", ""),
        binding.pattern().resourceType().name(),
        binding.pattern().patternType().name(),
        binding.pattern().name(),
        binding.entry().operation().name());
  }

  @Test
  void derivesExactlyTheAclsThatWereDeclaredByHand() {
    assertThat(ServiceAccess.allBindings().stream().map(ServiceAccessTest::describe).sorted())
        .containsExactlyElementsOf(ACLS_BEFORE_DERIVATION.lines().toList());
  }

  @Test
  void everyBindingAllowsOneNamedOperationFromAnyHostAndNeverAll() {
    assertThat(ServiceAccess.allBindings())
        .allSatisfy(
            binding -> {
              assertThat(binding.entry().host()).isEqualTo("*");
              assertThat(binding.entry().operation()).isNotIn(AclOperation.ALL, AclOperation.ANY);
              assertThat(binding.pattern().name()).isNotEqualTo("*");
            });
  }

  @Test
  void aServiceWritesAndReadsExactlyTheTopicsThatNameIt() {
    assertThat(ServiceAccess.writes(Service.SINK))
        .containsExactly(TraceTopic.SINK_DEAD_LETTERS.topicName());
    assertThat(ServiceAccess.reads(Service.API))
        .containsExactlyInAnyOrder(
            TraceTopic.VIOLATIONS.topicName(), TraceTopic.RECORD_CHECKPOINTS.topicName());
    // The checkpoints anchor the record against ClickHouse's own administrators: only the gate
    // may write them.
    assertThat(ServiceAccess.writes(Service.GATE))
        .contains(TraceTopic.RECORD_CHECKPOINTS.topicName());
    assertThat(ServiceAccess.writes(Service.SINK))
        .doesNotContain(TraceTopic.RECORD_CHECKPOINTS.topicName());
    assertThat(ServiceAccess.writes(Service.INGEST))
        .doesNotContain(TraceTopic.RECORD_CHECKPOINTS.topicName());
    assertThat(ServiceAccess.writes(Service.API)).isEmpty();
  }

  @Test
  void noServiceMayCreateATopicThePlatformCreates() {
    for (TraceTopic topic : TraceTopic.createdByPlatform()) {
      assertThat(ServiceAccess.allBindings())
          .as("Create on %s", topic)
          .noneMatch(
              b ->
                  b.pattern().name().equals(topic.topicName())
                      && b.entry().operation() == AclOperation.CREATE);
    }
  }
}
