package io.serialtrace.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.ActorType;
import io.serialtrace.schemas.AuthMethod;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Identity binding and roles per payload, each rule in the allow and the refuse direction. */
class EventAuthorizationTest {
  private static final PlantRegistry REGISTRY =
      new PlantRegistry(
          Map.of("P1", Set.of("ST-010", "ST-040"), "P2", Set.of("FA-100")),
          Map.of("P1", Map.of("torque-tool-7", "ST-010"), "P2", Map.of()));
  private static final Set<String> QA_ROLES = Set.of("QUALITY_INSPECTOR");
  private static final String HEAD = "ab".repeat(32);

  private static Caller caller(String subject, String name, Set<String> roles, Set<String> plants) {
    return new Caller(
        subject,
        Optional.of(name),
        roles,
        plants,
        Optional.of(Instant.parse("2026-03-01T08:00:00Z")),
        Optional.of("jti-1"));
  }

  private static final Caller OPERATOR =
      caller("op-1", "Olga", Set.of(IngestRoles.OPERATOR), Set.of("P1"));
  private static final Caller TORQUE_TOOL =
      caller("torque-tool-7", "torque-tool-7", Set.of(IngestRoles.DEVICE), Set.of("P1"));
  private static final Caller QUALITY =
      caller("qa-1", "Dana Weber", Set.of(IngestRoles.QUALITY), Set.of("P1"));

  private static ProductionEvent event(
      String plant, String station, String actor, ActorType type, Object payload) {
    return ProductionEvent.newBuilder()
        .setEventId(UUID.randomUUID())
        .setSerial("SN-1")
        .setPlant(plant)
        .setStation(station)
        .setActor(actor)
        .setActorType(type)
        .setEventTime(Instant.parse("2026-03-01T08:00:00Z"))
        .setReceivedTime(Instant.parse("2026-03-01T08:00:01Z"))
        .setSource(EventSource.HTTP)
        .setPayload(payload)
        .build();
  }

  private static MeasurementRecorded reading(String deviceId) {
    return MeasurementRecorded.newBuilder()
        .setStepId("10")
        .setCharacteristic("torque")
        .setValue(1.2)
        .setUnit("Nm")
        .setDeviceId(deviceId)
        .setCalibrationDue(null)
        .build();
  }

  private static SignatureApplied signature(String signer, String name, String role) {
    return new SignatureApplied("40", signer, name, "APPROVED", role, HEAD, AuthMethod.SSO);
  }

  private static List<String> refusedFields(ProductionEvent event, Caller caller) {
    return switch (EventAuthorization.check(event, caller, REGISTRY, QA_ROLES)) {
      case EventAuthorization.Verdict.Allowed allowed -> List.of();
      case EventAuthorization.Verdict.Forbidden forbidden ->
          forbidden.errors().stream().map(FieldError::field).toList();
    };
  }

  @Test
  void anOperatorMayStartAStepAsHimselfInHisPlantOnly() {
    StepStarted step = new StepStarted("10");
    assertThat(refusedFields(event("P1", "ST-010", "op-1", ActorType.OPERATOR, step), OPERATOR))
        .isEmpty();
    assertThat(refusedFields(event("P1", "ST-010", "op-2", ActorType.OPERATOR, step), OPERATOR))
        .containsExactly("actor");
    assertThat(refusedFields(event("P2", "FA-100", "op-1", ActorType.OPERATOR, step), OPERATOR))
        .containsExactly("plant");
  }

  @Test
  void aDeviceMayPostItsOwnReadingAtItsStationAndNothingElse() {
    assertThat(
            refusedFields(
                event("P1", "ST-010", "torque-tool-7", ActorType.DEVICE, reading("torque-tool-7")),
                TORQUE_TOOL))
        .isEmpty();
    assertThat(
            refusedFields(
                event("P1", "ST-010", "torque-tool-7", ActorType.DEVICE, reading("scale-1")),
                TORQUE_TOOL))
        .containsExactly("payload.deviceId");
    assertThat(
            refusedFields(
                event("P1", "ST-040", "torque-tool-7", ActorType.DEVICE, reading("torque-tool-7")),
                TORQUE_TOOL))
        .containsExactly("station");
    assertThat(
            refusedFields(
                event("P1", "ST-010", "torque-tool-7", ActorType.DEVICE, new StepStarted("10")),
                TORQUE_TOOL))
        .containsExactly("payload.type");
    assertThat(
            refusedFields(
                event(
                    "P1", "ST-010", "torque-tool-7", ActorType.OPERATOR, reading("torque-tool-7")),
                TORQUE_TOOL))
        .containsExactly("actorType");
  }

  @Test
  void onlyQualitySignsAQaSignatureAndOnlyAsItself() {
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    signature("qa-1", "Dana Weber", "QUALITY_INSPECTOR")),
                QUALITY))
        .isEmpty();
    Caller operatorNamedDana =
        caller("op-1", "Dana Weber", Set.of(IngestRoles.OPERATOR), Set.of("P1"));
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "op-1",
                    ActorType.OPERATOR,
                    signature("op-1", "Dana Weber", "QUALITY_INSPECTOR")),
                operatorNamedDana))
        .containsExactly("payload.type");
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    signature("qa-2", "Dana Weber", "QUALITY_INSPECTOR")),
                QUALITY))
        .containsExactly("payload.signerId");
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    signature("qa-1", "Someone Else", "QUALITY_INSPECTOR")),
                QUALITY))
        .containsExactly("payload.signerName");
  }

  @Test
  void anOperatorMaySignAStepAsPerformerButNotDisposition() {
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "op-1",
                    ActorType.OPERATOR,
                    signature("op-1", "Olga", "TEST_TECHNICIAN")),
                OPERATOR))
        .isEmpty();
    Disposition disposition =
        new Disposition(
            UUID.randomUUID(),
            DispositionDecision.USE_AS_IS,
            "op-1",
            "Olga",
            "QUALITY_ENGINEER",
            HEAD,
            AuthMethod.SSO,
            "fine");
    assertThat(
            refusedFields(event("P1", "ST-040", "op-1", ActorType.OPERATOR, disposition), OPERATOR))
        .containsExactly("payload.type");
  }

  @Test
  void onlyQualityAcknowledgesANoticeAndOnlyAsItselfLikeADisposition() {
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    acknowledgement("qa-1", "Dana Weber")),
                QUALITY))
        .isEmpty();
    assertThat(
            refusedFields(
                event("P1", "ST-040", "op-1", ActorType.OPERATOR, acknowledgement("op-1", "Olga")),
                OPERATOR))
        .containsExactly("payload.type");
    assertThat(
            refusedFields(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    acknowledgement("qa-2", "Dana Weber")),
                QUALITY))
        .containsExactly("payload.signerId");
    assertThat(
            refusedFields(
                event(
                    "P1", "ST-040", "qa-1", ActorType.OPERATOR, acknowledgement("qa-1", "Someone")),
                QUALITY))
        .containsExactly("payload.signerName");
    assertThat(
            refusedFields(
                event(
                    "P2",
                    "FA-100",
                    "qa-1",
                    ActorType.OPERATOR,
                    acknowledgement("qa-1", "Dana Weber")),
                QUALITY))
        .containsExactly("plant");
  }

  @Test
  void anAcknowledgementIsASignatureThatNeedsReauthentication() {
    assertThat(
            EventAuthorization.isSignature(
                event(
                    "P1",
                    "ST-040",
                    "qa-1",
                    ActorType.OPERATOR,
                    acknowledgement("qa-1", "Dana Weber"))))
        .isTrue();
    assertThat(
            EventAuthorization.isSignature(
                event("P1", "ST-010", "op-1", ActorType.OPERATOR, new StepStarted("10"))))
        .isFalse();
  }

  private static Acknowledgement acknowledgement(String signer, String name) {
    return new Acknowledgement(
        UUID.randomUUID(), signer, name, "QUALITY_ENGINEER", "REVIEWED", AuthMethod.SSO, "seen");
  }

  @Test
  void systemEventsNeverComeOverHttp() {
    assertThat(
            refusedFields(
                event("P1", "ST-010", "op-1", ActorType.SYSTEM, new StepStarted("10")), OPERATOR))
        .containsExactly("actorType");
  }
}
