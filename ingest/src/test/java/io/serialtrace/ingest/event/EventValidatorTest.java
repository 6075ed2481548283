package io.serialtrace.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.serialtrace.ingest.event.EventValidator.Validation;
import io.serialtrace.ingest.http.EventExamples;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.EventSource;
import io.serialtrace.schemas.ProductionEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant RECEIVED = Instant.parse("2026-03-01T08:20:00.123456Z");
  private static final PlantRegistry REGISTRY =
      new PlantRegistry(
          Map.of(
              "P1", Set.of("ST-010", "ST-020", "ST-030", "ST-040", "ST-050", "ST-060", "ST-090")),
          Map.of("P1", Map.of("torque-tool-7", "ST-010")));
  private static final EventValidator.Intake INTAKE =
      new EventValidator.Intake(RECEIVED, EventSource.HTTP, REGISTRY);

  @ParameterizedTest
  @ValueSource(
      strings = {
        EventExamples.UNIT_STARTED,
        EventExamples.STEP_STARTED,
        EventExamples.COMPONENT_SCANNED,
        EventExamples.MEASUREMENT_RECORDED,
        EventExamples.SIGNATURE_APPLIED,
        EventExamples.STEP_COMPLETED,
        EventExamples.COMPONENT_REMOVED,
        EventExamples.DISPOSITION,
        EventExamples.ACKNOWLEDGEMENT,
        EventExamples.CORRECTION,
        EventExamples.UNIT_SCRAPPED
      })
  void acceptsEveryDocumentedExample(String example) throws Exception {
    Validation result = validate(example);
    assertThat(result).isInstanceOf(Validation.Valid.class);
  }

  @Test
  void stampsTheServerReceiveTimeAndKeepsTheRawBytes() throws Exception {
    ProductionEvent event = ((Validation.Valid) validate(EventExamples.COMPONENT_SCANNED)).event();
    assertThat(event.getReceivedTime()).isEqualTo(RECEIVED);
    assertThat(event.getSource()).isEqualTo(EventSource.HTTP);
    assertThat(event.getEventTime()).isEqualTo(Instant.parse("2026-03-01T08:16:02Z"));
    assertThat(StandardCharsets.UTF_8.decode(event.getRawPayload()).toString())
        .isEqualTo(EventExamples.COMPONENT_SCANNED);
    assertThat(((ComponentScanned) event.getPayload()).getComponentSerial())
        .isEqualTo("DRV-100-55821");
  }

  @Test
  void refusesAnUnknownPayloadTypeNamingTheField() throws Exception {
    assertErrors(
        edit(EventExamples.STEP_STARTED, e -> payload(e).put("type", "StepTeleported")),
        "payload.type");
  }

  @Test
  void refusesAPayloadWithoutType() throws Exception {
    assertErrors(edit(EventExamples.STEP_STARTED, e -> payload(e).remove("type")), "payload.type");
  }

  @Test
  void namesEveryMissingEnvelopeField() throws Exception {
    assertErrors(
        edit(EventExamples.STEP_STARTED, e -> e.remove(List.of("serial", "actor", "eventTime"))),
        "serial",
        "actor",
        "eventTime");
  }

  @Test
  void refusesAMissingPayloadField() throws Exception {
    assertErrors(
        edit(EventExamples.UNIT_STARTED, e -> payload(e).remove("workOrder")), "payload.workOrder");
  }

  @Test
  void refusesAWrongFieldType() throws Exception {
    assertErrors(
        edit(EventExamples.COMPONENT_SCANNED, e -> payload(e).put("qty", "one")), "payload.qty");
    assertErrors(
        edit(EventExamples.MEASUREMENT_RECORDED, e -> payload(e).put("value", "1,18")),
        "payload.value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-uuid", "1-1-1-1-1", "0b7e3f5a1c2d4e5f8a9b0c1d2e3f4a01", ""})
  void refusesABadEventId(String eventId) throws Exception {
    assertErrors(edit(EventExamples.STEP_STARTED, e -> e.put("eventId", eventId)), "eventId");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"2026-03-01 08:15:31", "2026-03-01T08:15:31", "yesterday", "2026-13-01T08:15:31Z"})
  void refusesABadTimestamp(String eventTime) throws Exception {
    assertErrors(edit(EventExamples.STEP_STARTED, e -> e.put("eventTime", eventTime)), "eventTime");
  }

  @Test
  void refusesABadUuidInsideThePayload() throws Exception {
    assertErrors(
        edit(EventExamples.DISPOSITION, e -> payload(e).put("violationId", "v-17")),
        "payload.violationId");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "violationId",
        "signerId",
        "signerName",
        "signerRole",
        "meaning",
        "authMethod",
        "reason"
      })
  void refusesAnAcknowledgementWithoutAnyOfItsRequiredFields(String field) throws Exception {
    assertErrors(
        edit(EventExamples.ACKNOWLEDGEMENT, e -> payload(e).remove(field)), "payload." + field);
  }

  @Test
  void refusesAnAcknowledgementCarryingADispositionsDecision() throws Exception {
    assertErrors(
        edit(EventExamples.ACKNOWLEDGEMENT, e -> payload(e).put("decision", "USE_AS_IS")),
        "payload.decision");
  }

  @Test
  void refusesAnUnknownPlant() throws Exception {
    assertErrors(edit(EventExamples.STEP_STARTED, e -> e.put("plant", "P9")), "plant");
  }

  @Test
  void refusesAnUnknownStationOfAKnownPlant() throws Exception {
    assertErrors(edit(EventExamples.STEP_STARTED, e -> e.put("station", "ST-999")), "station");
  }

  @Test
  void refusesFieldsTheServerSetsAndUnknownFields() throws Exception {
    assertErrors(
        edit(
            EventExamples.STEP_STARTED,
            e -> {
              e.put("receivedTime", "2026-03-01T08:15:31Z");
              e.put("serail", "typo");
            }),
        "receivedTime",
        "serail");
  }

  @Test
  void refusesAScanWithBothSerialAndLot() throws Exception {
    assertErrors(
        edit(EventExamples.COMPONENT_SCANNED, e -> payload(e).put("lotId", "LOT-1")),
        "payload.componentSerial");
  }

  @Test
  void refusesASignatureWhoseHashIsNotSha256Hex() throws Exception {
    assertErrors(
        edit(EventExamples.SIGNATURE_APPLIED, e -> payload(e).put("signedRecordHash", "ABC")),
        "payload.signedRecordHash");
  }

  @Test
  void refusesANonObjectEvent() throws Exception {
    assertErrors("42", "");
  }

  private static Validation validate(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return EventValidator.validate(node, json.getBytes(StandardCharsets.UTF_8), INTAKE);
  }

  private static void assertErrors(String json, String... fields) throws Exception {
    Validation result = validate(json);
    assertThat(result).isInstanceOf(Validation.Invalid.class);
    assertThat(((Validation.Invalid) result).errors())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(fields);
  }

  private static ObjectNode payload(ObjectNode event) {
    return (ObjectNode) event.get("payload");
  }

  private static String edit(String json, Consumer<ObjectNode> change) throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree(json);
    change.accept(node);
    return JSON.writeValueAsString(node);
  }
}
