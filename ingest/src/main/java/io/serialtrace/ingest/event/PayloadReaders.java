package io.serialtrace.ingest.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.AuthMethod;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.DispositionDecision;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One reader per payload type, by the name a sender puts in {@code payload.type}: the fields each
 * type allows and how they become its Avro record. Pure, used by {@link EventValidator}.
 */
final class PayloadReaders {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** The payload types and how each is read, by the name a sender puts in {@code payload.type}. */
  private static final Map<String, PayloadType> PAYLOADS =
      Map.ofEntries(
          Map.entry(
              "UnitStarted",
              new PayloadType(Set.of("product", "workOrder"), PayloadReaders::unitStarted)),
          Map.entry("StepStarted", new PayloadType(Set.of("stepId"), PayloadReaders::stepStarted)),
          Map.entry(
              "ComponentScanned",
              new PayloadType(
                  Set.of("stepId", "part", "componentSerial", "lotId", "qty"),
                  PayloadReaders::componentScanned)),
          Map.entry(
              "MeasurementRecorded",
              new PayloadType(
                  Set.of("stepId", "characteristic", "value", "unit", "deviceId", "calibrationDue"),
                  PayloadReaders::measurementRecorded)),
          Map.entry(
              "SignatureApplied",
              new PayloadType(
                  Set.of(
                      "stepId",
                      "signerId",
                      "signerName",
                      "meaning",
                      "signerRole",
                      "signedRecordHash",
                      "authMethod"),
                  PayloadReaders::signatureApplied)),
          Map.entry(
              "StepCompleted", new PayloadType(Set.of("stepId"), PayloadReaders::stepCompleted)),
          Map.entry(
              "ComponentRemoved",
              new PayloadType(
                  Set.of("componentSerial", "lotId", "qty", "reason"),
                  PayloadReaders::componentRemoved)),
          Map.entry(
              "Disposition",
              new PayloadType(
                  Set.of(
                      "violationId",
                      "decision",
                      "signerId",
                      "signerName",
                      "signerRole",
                      "signedRecordHash",
                      "authMethod",
                      "reason"),
                  PayloadReaders::disposition)),
          Map.entry(
              "Acknowledgement",
              new PayloadType(
                  Set.of(
                      "violationId",
                      "signerId",
                      "signerName",
                      "signerRole",
                      "meaning",
                      "authMethod",
                      "reason"),
                  PayloadReaders::acknowledgement)),
          Map.entry(
              "Correction",
              new PayloadType(
                  Set.of(
                      "correctsEventId",
                      "reason",
                      "correctedField",
                      "replacementValue",
                      "replacementText"),
                  PayloadReaders::correction)),
          Map.entry(
              "UnitScrapped", new PayloadType(Set.of("reason"), PayloadReaders::unitScrapped)));

  private record PayloadType(Set<String> fields, Function<FieldReader, Object> read) {}

  private PayloadReaders() {}

  /** The payload type names a sender may use. */
  static Set<String> names() {
    return PAYLOADS.keySet();
  }

  /**
   * Reads the {@code payload} object of an event into its Avro record, or adds every error (fields
   * under {@code payload.}) and returns empty.
   */
  static Optional<Object> read(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      errors.add(new FieldError("payload", "is required"));
      return Optional.empty();
    }
    if (!node.isObject()) {
      errors.add(new FieldError("payload", "must be an object with a type field"));
      return Optional.empty();
    }
    FieldReader reader = new FieldReader(node, "payload.", errors);
    Optional<String> typeName = reader.optionalText("type");
    if (typeName.isEmpty()) {
      if (!node.hasNonNull("type")) {
        reader.fail("type", "is required; one of " + String.join(", ", sortedTypes()));
      }
      return Optional.empty();
    }
    PayloadType type = PAYLOADS.get(typeName.get());
    if (type == null) {
      reader.fail(
          "type",
          "unknown payload type '"
              + typeName.get()
              + "'; one of "
              + String.join(", ", sortedTypes()));
      return Optional.empty();
    }
    Set<String> allowed = new HashSet<>(type.fields());
    allowed.add("type");
    reader.rejectUnknownFields(allowed, Set.of());
    return Optional.of(type.read().apply(reader));
  }

  private static List<String> sortedTypes() {
    return PAYLOADS.keySet().stream().sorted().toList();
  }

  private static Object unitStarted(FieldReader r) {
    return UnitStarted.newBuilder()
        .setProduct(r.requiredText("product"))
        .setWorkOrder(r.requiredText("workOrder"))
        .build();
  }

  private static Object stepStarted(FieldReader r) {
    return StepStarted.newBuilder().setStepId(r.requiredText("stepId")).build();
  }

  private static Object stepCompleted(FieldReader r) {
    return StepCompleted.newBuilder().setStepId(r.requiredText("stepId")).build();
  }

  private static Object unitScrapped(FieldReader r) {
    return UnitScrapped.newBuilder().setReason(r.requiredText("reason")).build();
  }

  private static Object componentScanned(FieldReader r) {
    String stepId = r.requiredText("stepId");
    String part = r.requiredText("part");
    Optional<String> componentSerial = r.optionalText("componentSerial");
    Optional<String> lotId = r.optionalText("lotId");
    requireExactlyOne(r, componentSerial, lotId);
    int qty = r.requiredPositiveInt("qty");
    if (componentSerial.isPresent() && qty > 1) {
      r.fail("qty", "must be 1 for a serialized component");
    }
    return ComponentScanned.newBuilder()
        .setStepId(stepId)
        .setPart(part)
        .setComponentSerial(componentSerial.orElse(null))
        .setLotId(lotId.orElse(null))
        .setQty(qty)
        .build();
  }

  private static Object componentRemoved(FieldReader r) {
    Optional<String> componentSerial = r.optionalText("componentSerial");
    Optional<String> lotId = r.optionalText("lotId");
    requireExactlyOne(r, componentSerial, lotId);
    int qty = r.optionalPositiveInt("qty").orElse(1);
    return ComponentRemoved.newBuilder()
        .setComponentSerial(componentSerial.orElse(null))
        .setLotId(lotId.orElse(null))
        .setQty(qty)
        .setReason(r.requiredText("reason"))
        .build();
  }

  private static void requireExactlyOne(
      FieldReader r, Optional<String> componentSerial, Optional<String> lotId) {
    if (componentSerial.isPresent() == lotId.isPresent()) {
      r.fail(
          "componentSerial",
          "give exactly one of componentSerial (serialized part) or lotId (lot-tracked material)");
    }
  }

  private static Object measurementRecorded(FieldReader r) {
    return MeasurementRecorded.newBuilder()
        .setStepId(r.requiredText("stepId"))
        .setCharacteristic(r.requiredText("characteristic"))
        .setValue(r.requiredNumber("value"))
        .setUnit(r.requiredText("unit"))
        .setDeviceId(r.optionalText("deviceId").orElse(null))
        .setCalibrationDue(r.optionalInstant("calibrationDue").orElse(null))
        .build();
  }

  private static Object signatureApplied(FieldReader r) {
    return SignatureApplied.newBuilder()
        .setStepId(r.requiredText("stepId"))
        .setSignerId(r.requiredText("signerId"))
        .setSignerName(r.requiredText("signerName"))
        .setMeaning(r.requiredText("meaning"))
        .setSignerRole(r.requiredText("signerRole"))
        .setSignedRecordHash(recordHash(r))
        .setAuthMethod(r.requiredEnum("authMethod", AuthMethod.class))
        .build();
  }

  private static Object disposition(FieldReader r) {
    return Disposition.newBuilder()
        .setViolationId(r.requiredUuid("violationId"))
        .setDecision(r.requiredEnum("decision", DispositionDecision.class))
        .setSignerId(r.requiredText("signerId"))
        .setSignerName(r.requiredText("signerName"))
        .setSignerRole(r.requiredText("signerRole"))
        .setSignedRecordHash(recordHash(r))
        .setAuthMethod(r.requiredEnum("authMethod", AuthMethod.class))
        .setReason(r.requiredText("reason"))
        .build();
  }

  private static Object acknowledgement(FieldReader r) {
    return Acknowledgement.newBuilder()
        .setViolationId(r.requiredUuid("violationId"))
        .setSignerId(r.requiredText("signerId"))
        .setSignerName(r.requiredText("signerName"))
        .setSignerRole(r.requiredText("signerRole"))
        .setMeaning(r.requiredText("meaning"))
        .setAuthMethod(r.requiredEnum("authMethod", AuthMethod.class))
        .setReason(r.requiredText("reason"))
        .build();
  }

  private static Object correction(FieldReader r) {
    return Correction.newBuilder()
        .setCorrectsEventId(r.requiredUuid("correctsEventId"))
        .setReason(r.requiredText("reason"))
        .setCorrectedField(r.optionalText("correctedField").orElse(null))
        .setReplacementValue(r.optionalNumber("replacementValue").orElse(null))
        .setReplacementText(r.optionalText("replacementText").orElse(null))
        .build();
  }

  private static String recordHash(FieldReader r) {
    String hash = r.requiredText("signedRecordHash");
    if (!hash.isEmpty() && !SHA256_HEX.matcher(hash).matches()) {
      r.fail("signedRecordHash", "must be 64 lowercase hex digits (SHA-256)");
    }
    return hash;
  }
}
