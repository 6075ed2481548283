package io.serialtrace.gate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.gate.rules.TestEvents;
import io.serialtrace.gate.rules.TestRoutes;
import io.serialtrace.gate.topics.Topics;
import io.serialtrace.schemas.GateDecision;
import io.serialtrace.schemas.GateOutcome;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.topics.Service;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import io.serialtrace.stack.junit.SecureKafka;
import io.serialtrace.stack.junit.SecureKafkaExtension;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.ServiceAccess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real gate (its runner jar) on the secure broker, logged in as its own principal with only the
 * ACLs {@code ServiceAccess} gives it (no right to create a pipeline topic: the stack did), sets
 * its group's standby replicas, runs exactly_once_v2 with the streams protocol, and decides an
 * event.
 */
@ExtendWith({LocalStackExtension.class, SecureKafkaExtension.class})
class GateSecureKafkaIT {

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void gateDecidesAnEventLoggedInAsItsOwnPrincipal(StackEndpoints stack, SecureKafka kafka)
      throws Exception {
    // 1. the stack's registry, the secure broker; the harness acts as the operator (admin)
    StackEndpoints secure = onBroker(stack, kafka.bootstrap());
    String gate = Service.GATE.principal();
    Map<String, String> login =
        Map.of(
            "kafka-streams.security.protocol",
            "SASL_PLAINTEXT",
            "kafka-streams.sasl.mechanism",
            KafkaCredentials.MECHANISM,
            "kafka-streams.sasl.jaas.config",
            KafkaCredentials.jaasConfig(gate, kafka.credentials().password(gate)));
    try (GateKafka operator =
        new GateKafka(secure, kafka.credentials().clientConfig(KafkaCredentials.ADMIN))) {
      operator.publishRoute(TestRoutes.sixStepRoute());

      // 2. the gate starts under its own application id (the one its ACLs name)
      try (GateProcess process =
          new GateProcess(secure, ServiceAccess.Names.GATE_APPLICATION_ID, login)
              .start(Duration.ofSeconds(120))) {
        // 3. a unit starts; its decision is read from here on (the secure broker is shared by
        //    the security ITs, whose records on this topic are not Avro)
        try (KafkaConsumer<String, GateDecision> decisions =
            operator.consumer(operator.topics.gateDecisions())) {
          decisions.seekToEnd(decisions.assignment());
          decisions.assignment().forEach(decisions::position);
          TestEvents events = new TestEvents("SN-SECURE-" + UUID.randomUUID());
          ProductionEvent started =
              events.event(
                  Instant.now(), TestEvents.started(TestRoutes.sixStepRoute().getProduct()));
          operator.produceEvents(List.of(started));

          // 4. its decision comes back, accepted
          List<ConsumerRecord<String, GateDecision>> read =
              GateKafka.readUntil(
                  decisions,
                  r ->
                      r.stream().anyMatch(d -> d.value().getEventId().equals(started.getEventId())),
                  Duration.ofSeconds(90),
                  Duration.ZERO);
          GateDecision decision =
              read.stream()
                  .map(ConsumerRecord::value)
                  .filter(d -> d.getEventId().equals(started.getEventId()))
                  .findFirst()
                  .orElseThrow(() -> new AssertionError("no decision on " + Topics.GATE_DECISIONS));
          assertThat(decision.getDecision()).isEqualTo(GateOutcome.ACCEPTED);
        }
      }
    }
  }

  private static StackEndpoints onBroker(StackEndpoints stack, String bootstrap) {
    return new StackEndpoints(
        bootstrap,
        stack.registryUrl(),
        stack.clickhouseUrl(),
        stack.clickhouseUser(),
        stack.clickhousePassword(),
        stack.postgresJdbcUrl(),
        stack.postgresUser(),
        stack.postgresPassword(),
        stack.mqttUrl(),
        stack.clickhouseSinkUser(),
        stack.clickhouseSinkPassword(),
        stack.clickhouseApiUser(),
        stack.clickhouseApiPassword());
  }
}
