package io.serialtrace.api.audit;

import java.util.Optional;

/**
 * One audited read, as a resource knows it.
 *
 * @param action the endpoint template, e.g. {@code GET /v1/units/{serial}/record}
 * @param kind what was asked for
 * @param target the serial or lot id as asked, or the plant a refused filter named
 * @param targetPlant the plant owning the target, when the store knows one
 * @param outcome what the caller was answered
 */
public record Access(
    String action, TargetKind kind, String target, Optional<String> targetPlant, Outcome outcome) {

  /** What an audited request asked for. */
  public enum TargetKind {
    UNIT,
    LOT,
    COMPONENT,
    /** A plant named by a {@code plant} filter outside the caller's plants (refused, 403). */
    PLANT
  }

  /** What the caller got. */
  public enum Outcome {
    /** The data was sent (200). */
    FOUND(200),
    /** Nothing is recorded under that id (404). */
    NOT_FOUND(404),
    /**
     * The target exists but in a plant outside the caller's claim — answered exactly as NOT_FOUND
     * (404) so nothing leaks; or the caller's roles do not allow the endpoint (403); or a {@code
     * plant} filter named a plant outside the caller's claim (403).
     */
    FORBIDDEN(404);

    private final int status;

    Outcome(int status) {
      this.status = status;
    }

    /** The HTTP status the caller sees for this outcome on a role-allowed request. */
    public int status() {
      return status;
    }
  }
}
