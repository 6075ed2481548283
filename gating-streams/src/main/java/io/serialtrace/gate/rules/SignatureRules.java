package io.serialtrace.gate.rules;

import io.serialtrace.gate.rules.UnitState.OpenStep;
import io.serialtrace.gate.rules.UnitState.SignatureCapture;
import io.serialtrace.schemas.RouteStep;
import io.serialtrace.schemas.SignatureApplied;
import io.serialtrace.schemas.SignatureRequirement;
import io.serialtrace.schemas.ViolationCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Electronic signatures in the open step: a meaning the step requires, signed in the role the route
 * names, bound to the current record head (21 CFR 11.70). A Disposition's signature is bound the
 * same way ({@link #boundToHead}).
 */
final class SignatureRules {

  private SignatureRules() {}

  static Outcome applied(UnitState unit, SignatureApplied p) {
    return StepRules.inOpenStep(unit, p.getStepId(), (step, open) -> applied(unit, p, step, open));
  }

  private static Outcome applied(
      UnitState unit, SignatureApplied p, RouteStep step, OpenStep open) {
    List<Finding> refusals = new ArrayList<>();
    Optional<SignatureRequirement> requirement =
        step.getRequiredSignatures().stream()
            .filter(r -> r.getMeaning().equals(p.getMeaning()))
            .findFirst();
    if (requirement.isEmpty()) {
      refusals.add(
          Finding.at(
              ViolationCode.SIGNATURE_INVALID,
              "Meaning " + p.getMeaning() + " is not required by step " + step.getStepId(),
              step.getStepId()));
    } else if (!requirement.get().getRole().equals(p.getSignerRole())) {
      refusals.add(
          Finding.at(
              ViolationCode.SIGNATURE_INVALID,
              p.getMeaning()
                  + " must be signed as "
                  + requirement.get().getRole()
                  + ", not "
                  + p.getSignerRole(),
              step.getStepId()));
    }
    boundToHead(unit, p.getSignedRecordHash(), Optional.of(step.getStepId()))
        .ifPresent(refusals::add);
    if (!refusals.isEmpty()) {
      return new Outcome.Refused(refusals);
    }
    List<SignatureCapture> signatures = new ArrayList<>(open.signatures());
    signatures.add(new SignatureCapture(p.getMeaning(), p.getSignerRole(), p.getSignerId()));
    return Outcome.advanced(
        unit.withProgress(
            unit.progress().withOpenStep(Optional.of(open.withSignatures(signatures)))));
  }

  /**
   * SIGNATURE_INVALID unless {@code signedHash} is the current record head: a signature must be
   * bound to the record the signer actually saw (21 CFR 11.70).
   */
  static Optional<Finding> boundToHead(UnitState unit, String signedHash, Optional<String> stepId) {
    if (signedHash.equals(unit.headHash())) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            ViolationCode.SIGNATURE_INVALID,
            "Signed record hash is not the current record head (seq " + unit.seq() + ")",
            stepId,
            Optional.empty(),
            Optional.empty()));
  }
}
