package io.serialtrace.ingest.security;

import io.serialtrace.ingest.event.FieldError;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.schemas.Acknowledgement;
import io.serialtrace.schemas.ComponentRemoved;
import io.serialtrace.schemas.ComponentScanned;
import io.serialtrace.schemas.Correction;
import io.serialtrace.schemas.Disposition;
import io.serialtrace.schemas.MeasurementRecorded;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.StepCompleted;
import io.serialtrace.schemas.StepStarted;
import io.serialtrace.schemas.UnitScrapped;
import io.serialtrace.schemas.UnitStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * May this caller submit this event? Identity binding (21 CFR 11.10(h)): the event's actor is the
 * token's subject (a person's own id, or a device's), a device's reading names that device and is
 * made at the station the device works at, the plant is one of the token's plants, and the caller's
 * roles allow the payload. A signature is signed by the token's subject under the token's printed
 * name (nobody signs for someone else). Pure: the verified token, the event and the plant registry
 * come in as arguments.
 *
 * <p>Which role may send which payload:
 *
 * <table>
 *   <caption>roles per payload</caption>
 *   <tr><th>payload</th><th>roles</th></tr>
 *   <tr><td>UnitStarted, StepStarted, ComponentScanned, StepCompleted, ComponentRemoved</td>
 *       <td>operator</td></tr>
 *   <tr><td>MeasurementRecorded</td><td>operator, device</td></tr>
 *   <tr><td>SignatureApplied</td><td>operator, quality; quality for a QA signer role</td></tr>
 *   <tr><td>Disposition, Acknowledgement</td><td>quality</td></tr>
 *   <tr><td>Correction, UnitScrapped</td><td>operator, quality</td></tr>
 * </table>
 */
public final class EventAuthorization {
  private EventAuthorization() {}

  /** The verdict on one event. */
  public sealed interface Verdict {
    /** The caller may submit it. */
    record Allowed() implements Verdict {}

    /** Refused: every field that does not match the caller (never empty). */
    record Forbidden(List<FieldError> errors) implements Verdict {}
  }

  /**
   * @param qualitySignerRoles signer roles ({@code SignatureRequirement.role}) only a {@code
   *     quality} token may sign in
   */
  public static Verdict check(
      ProductionEvent event,
      Caller caller,
      PlantRegistry registry,
      Set<String> qualitySignerRoles) {
    List<FieldError> errors = new ArrayList<>();
    Object payload = event.getPayload();
    Set<String> allowed = rolesFor(payload, qualitySignerRoles);
    if (allowed.stream().noneMatch(caller::hasRole)) {
      errors.add(
          new FieldError(
              "payload.type",
              payloadName(payload)
                  + (payload instanceof SignatureApplied s
                          && qualitySignerRoles.contains(s.getSignerRole())
                      ? " signed as " + s.getSignerRole()
                      : "")
                  + " needs one of the roles "
                  + new TreeSet<>(allowed)
                  + "; the token has "
                  + new TreeSet<>(caller.roles())));
    }
    if (!caller.plants().contains(event.getPlant())) {
      errors.add(
          new FieldError(
              "plant",
              "plant '"
                  + event.getPlant()
                  + "' is not among the token's plants "
                  + new TreeSet<>(caller.plants())));
    }
    if (!event.getActor().equals(caller.subject())) {
      errors.add(
          new FieldError(
              "actor",
              "actor '"
                  + event.getActor()
                  + "' is not the authenticated principal '"
                  + caller.subject()
                  + "'"));
    }
    switch (event.getActorType()) {
      case OPERATOR -> {
        if (!caller.hasRole(IngestRoles.OPERATOR) && !caller.hasRole(IngestRoles.QUALITY)) {
          errors.add(
              new FieldError(
                  "actorType", "OPERATOR events need a person's token (operator, quality)"));
        }
      }
      case DEVICE -> checkDevice(event, caller, registry, errors);
      case SYSTEM ->
          errors.add(
              new FieldError(
                  "actorType", "SYSTEM events are written by ingest itself, not over HTTP"));
    }
    checkSigner(payload, caller, errors);
    return errors.isEmpty() ? new Verdict.Allowed() : new Verdict.Forbidden(List.copyOf(errors));
  }

  /** Whether the event carries an electronic signature (which needs re-authentication). */
  public static boolean isSignature(ProductionEvent event) {
    return switch (event.getPayload()) {
      case SignatureApplied s -> true;
      case Disposition d -> true;
      case Acknowledgement a -> true;
      default -> false;
    };
  }

  private static void checkDevice(
      ProductionEvent event, Caller caller, PlantRegistry registry, List<FieldError> errors) {
    if (!caller.hasRole(IngestRoles.DEVICE)) {
      errors.add(new FieldError("actorType", "DEVICE events need a device's token"));
      return;
    }
    if (event.getPayload() instanceof MeasurementRecorded reading
        && reading.getDeviceId() != null
        && !reading.getDeviceId().equals(caller.subject())) {
      errors.add(
          new FieldError(
              "payload.deviceId",
              "device '"
                  + reading.getDeviceId()
                  + "' is not the authenticated device '"
                  + caller.subject()
                  + "'"));
    }
    Optional<String> station = registry.stationOfDevice(event.getPlant(), caller.subject());
    if (station.isEmpty()) {
      errors.add(
          new FieldError(
              "plant",
              "device '"
                  + caller.subject()
                  + "' is not a device of plant '"
                  + event.getPlant()
                  + "'"));
    } else if (!station.get().equals(event.getStation())) {
      errors.add(
          new FieldError(
              "station",
              "device '"
                  + caller.subject()
                  + "' works at station '"
                  + station.get()
                  + "', not '"
                  + event.getStation()
                  + "'"));
    }
  }

  private static void checkSigner(Object payload, Caller caller, List<FieldError> errors) {
    String signerId;
    String signerName;
    switch (payload) {
      case SignatureApplied s -> {
        signerId = s.getSignerId();
        signerName = s.getSignerName();
      }
      case Disposition d -> {
        signerId = d.getSignerId();
        signerName = d.getSignerName();
      }
      case Acknowledgement a -> {
        signerId = a.getSignerId();
        signerName = a.getSignerName();
      }
      default -> {
        return;
      }
    }
    if (!signerId.equals(caller.subject())) {
      errors.add(
          new FieldError(
              "payload.signerId",
              "signer '"
                  + signerId
                  + "' is not the authenticated user '"
                  + caller.subject()
                  + "': nobody signs for someone else"));
    }
    if (caller.printedName().isEmpty() || !caller.printedName().get().equals(signerName)) {
      errors.add(
          new FieldError(
              "payload.signerName",
              "printed name '"
                  + signerName
                  + "' is not the token's name "
                  + caller.printedName().map(n -> "'" + n + "'").orElse("(none)")));
    }
  }

  private static Set<String> rolesFor(Object payload, Set<String> qualitySignerRoles) {
    return switch (payload) {
      case UnitStarted p -> Set.of(IngestRoles.OPERATOR);
      case StepStarted p -> Set.of(IngestRoles.OPERATOR);
      case ComponentScanned p -> Set.of(IngestRoles.OPERATOR);
      case StepCompleted p -> Set.of(IngestRoles.OPERATOR);
      case ComponentRemoved p -> Set.of(IngestRoles.OPERATOR);
      case MeasurementRecorded p -> Set.of(IngestRoles.OPERATOR, IngestRoles.DEVICE);
      case SignatureApplied p ->
          qualitySignerRoles.contains(p.getSignerRole())
              ? Set.of(IngestRoles.QUALITY)
              : Set.of(IngestRoles.OPERATOR, IngestRoles.QUALITY);
      case Disposition p -> Set.of(IngestRoles.QUALITY);
      case Acknowledgement p -> Set.of(IngestRoles.QUALITY);
      case Correction p -> Set.of(IngestRoles.OPERATOR, IngestRoles.QUALITY);
      case UnitScrapped p -> Set.of(IngestRoles.OPERATOR, IngestRoles.QUALITY);
      default -> throw new IllegalArgumentException("not a payload: " + payload);
    };
  }

  private static String payloadName(Object payload) {
    return payload.getClass().getSimpleName();
  }
}
