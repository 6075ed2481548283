package io.serialtrace.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.helm.RenderedChart.Values;
import io.serialtrace.schemas.topics.Service;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One KafkaUser per service, none with a wildcard, {@code All} or cluster right. That each grants
 * exactly the declared rights is {@link ChartDeclarationsTest}'s.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChartKafkaUsersTest {

  @ParameterizedTest
  @EnumSource(Values.class)
  void declaresOneUserPerService(Values values) {
    List<KafkaUser> users = RenderedChart.render(values).all("KafkaUser", KafkaUser.class);

    assertThat(users)
        .extracting(u -> u.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Service.values())
                .map(s -> RenderedChart.RELEASE + "-" + s.module())
                .toList());
  }

  @ParameterizedTest
  @EnumSource(Values.class)
  void neverGrantsAWildcardOrClusterWideRight(Values values) {
    // 1. render
    List<KafkaUser> users = RenderedChart.render(values).all("KafkaUser", KafkaUser.class);

    // 2. no "*" resource name, no All operation, no cluster resource, from any host only
    for (KafkaUser user : users) {
      assertThat(DeclarationDrift.granted(user))
          .isNotEmpty()
          .allSatisfy(
              grant -> {
                assertThat(grant.name()).isNotEqualTo("*").doesNotContain("@");
                assertThat(grant.operation()).isNotEqualTo("ALL");
                assertThat(grant.type()).isNotEqualTo("CLUSTER");
              });
    }
  }
}
