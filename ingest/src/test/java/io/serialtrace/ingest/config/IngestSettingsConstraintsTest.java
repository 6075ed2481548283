package io.serialtrace.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

/**
 * The ranges declared on {@link IngestSettings}, as Quarkus enforces them at start (Hibernate
 * Validator on each setting's value): what the moment of signing allows, what a limit must be.
 */
class IngestSettingsConstraintsTest {
  private static final Validator VALIDATOR =
      Validation.byDefaultProvider()
          .configure()
          .messageInterpolator(new ParameterMessageInterpolator())
          .buildValidatorFactory()
          .getValidator();

  private static Set<ConstraintViolation<Object>> check(
      Class<?> group, String setting, Object value) throws NoSuchMethodException {
    Method method = group.getMethod(setting);
    // Any instance of the group will do: only the returned value is validated.
    Object instance =
        Proxy.newProxyInstance(group.getClassLoader(), new Class<?>[] {group}, (p, m, a) -> null);
    return VALIDATOR.forExecutables().validateReturnValue(instance, method, value);
  }

  @Test
  void aSignatureNeedsReauthenticationWithinFifteenMinutes() throws Exception {
    Class<?> signatures = IngestSettings.Signatures.class;

    assertThat(check(signatures, "maxAuthenticationAge", Duration.ofSeconds(120))).isEmpty();
    assertThat(check(signatures, "maxAuthenticationAge", Duration.ofMinutes(15))).isEmpty();
    assertThat(check(signatures, "maxAuthenticationAge", Duration.ofMinutes(16))).hasSize(1);
    assertThat(check(signatures, "maxAuthenticationAge", Duration.ZERO)).hasSize(1);
  }

  @Test
  void atLeastOneSignerRoleIsReservedForQuality() throws Exception {
    Class<?> signatures = IngestSettings.Signatures.class;

    assertThat(check(signatures, "qualitySignerRoles", Set.of("QUALITY_INSPECTOR"))).isEmpty();
    assertThat(check(signatures, "qualitySignerRoles", Set.of())).hasSize(1);
  }

  @Test
  void limitsAndTimeoutsArePositive() throws Exception {
    assertThat(check(IngestSettings.Http.class, "maxBodyBytes", 0)).hasSize(1);
    assertThat(check(IngestSettings.Http.class, "maxBatchSize", -1)).hasSize(1);
    assertThat(check(IngestSettings.Http.class, "kafkaAckTimeout", Duration.ZERO)).hasSize(1);
    assertThat(check(IngestSettings.Decisions.class, "remembered", 0)).hasSize(1);
    assertThat(check(IngestSettings.Decisions.class, "maxWait", Duration.ofSeconds(-1))).hasSize(1);
    assertThat(check(IngestSettings.Cdc.class, "publishTimeout", Duration.ZERO)).hasSize(1);
  }

  @Test
  void anMqttMessageLimitLeavesItsDeadLetterRoomInAKafkaRecord() throws Exception {
    Class<?> mqtt = IngestSettings.Mqtt.class;

    assertThat(check(mqtt, "maxMessageBytes", 262_144)).isEmpty();
    assertThat(check(mqtt, "maxMessageBytes", 524_288)).isEmpty();
    assertThat(check(mqtt, "maxMessageBytes", 524_289)).hasSize(1);
    assertThat(check(mqtt, "maxMessageBytes", 0)).hasSize(1);
  }
}
