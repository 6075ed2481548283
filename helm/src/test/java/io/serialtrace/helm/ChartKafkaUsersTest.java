package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.helm.RenderedChart.Values;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each service's KafkaUser grants exactly what {@link ServiceAccess} — the one declaration the
 * secure local stack's ACLs are also made from — gives it, no more ({@code ServiceAccessTest}
 * checks that declaration against the services' own topic registries).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartKafkaUsersTest {

  /** One granted operation on one resource: the unit the comparison works on. */
  record Grant(String type, String pattern, String name, String operation) {}

  /** The chart's KafkaUser name for a service: {@code trace-<module>}. */
  private static String userName(ServiceAccess service) {
    return "trace-" + service.module();
  }

  /** The declaration in Strimzi's words; on Kubernetes the topic operator creates the topics. */
  private static Set<Grant> expected(ServiceAccess service) {
    Set<Grant> expected = new HashSet<>();
    for (ServiceAccess.AccessRule rule : service.rules()) {
      for (AclOperation operation : rule.operations()) {
        expected.add(
            new Grant(
                strimziType(rule.type()),
                rule.pattern() == PatternType.PREFIXED ? "prefix" : "literal",
                rule.name(),
                strimziOperation(operation)));
      }
    }
    return expected;
  }

  private static String strimziType(ResourceType type) {
    return switch (type) {
      case TOPIC -> "topic";
      case GROUP -> "group";
      case TRANSACTIONAL_ID -> "transactionalId";
      default -> throw new AssertionError("ServiceAccess declares no " + type + " rule");
    };
  }

  /** DESCRIBE_CONFIGS -> DescribeConfigs, as Strimzi spells operations. */
  private static String strimziOperation(AclOperation operation) {
    StringBuilder name = new StringBuilder();
    for (String word : operation.name().split("_")) {
      name.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return name.toString();
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
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ServiceAccess.values()).map(ChartKafkaUsersTest::userName).toList());

    // 3. each user's grants equal the declaration's, one by one (no wildcard, nothing extra)
    for (ServiceAccess service : ServiceAccess.values()) {
      KafkaUser user =
          users.stream()
              .filter(u -> u.getMetadata().getName().equals(userName(service)))
              .findFirst()
              .orElseThrow();
      assertThat(rendered(user))
          .as("ACLs of %s", userName(service))
          .containsExactlyInAnyOrderElementsOf(expected(service));
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
