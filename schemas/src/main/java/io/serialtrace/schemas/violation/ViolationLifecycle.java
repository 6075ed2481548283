package io.serialtrace.schemas.violation;

import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.schemas.ViolationStatus;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one rule for "does this violation hold its unit, and how does it end", shared by the gate
 * (which holds units by it) and trace-api (which derives a unit's state from the violations in
 * ClickHouse by it), so both say the same. Pure; switches without default, so a new code or status
 * must be classified here before anything compiles.
 *
 * <p>Written down, with the reason for each code's kind, in {@code
 * gating-streams/docs/STATE_MACHINE.md} ("Violation lifecycle"), which the gate's tests execute.
 */
public final class ViolationLifecycle {

  private ViolationLifecycle() {}

  /** The kind of a code: whether it holds its unit, is a refusal notice, or is only answered. */
  public static ViolationKind kind(ViolationCode code) {
    return switch (code) {
      // Raised on an accepted event, by time, or about the unit as a whole.
      case TOLERANCE_BREACH, LATE_ENTRY, CLOCK_SKEW, STEP_OVERDUE, QUEUE_TIME_EXCEEDED ->
          ViolationKind.HOLDING;
      // Raised by a refused event: the attempt is evidence quality reviews, not a record entry.
      case UNKNOWN_UNIT,
          DUPLICATE_SERIAL,
          UNKNOWN_ROUTE,
          STEP_OUT_OF_ORDER,
          MISSING_CAPTURE,
          WRONG_COMPONENT,
          MANUAL_ENTRY_NOT_ALLOWED,
          CALIBRATION_EXPIRED,
          SIGNATURE_INVALID,
          MIN_WAIT_NOT_MET,
          // A refused installation; also on the unit still holding the component (a notice, never a
          // hold: a scan at another station, maybe of another plant, must not stop a good unit).
          COMPONENT_REUSED,
          COMPONENT_NOT_RELEASED ->
          ViolationKind.NOTICE;
      // Say nothing about the product or the process; raising them would let a review of a
      // violation (UNKNOWN_VIOLATION) raise another violation to review.
      // CLAIM_UNAVAILABLE is about the gate (it could not decide in time): scanning again is safe.
      case UNIT_CLOSED, MALFORMED_EVENT, UNKNOWN_VIOLATION, UNKNOWN_EVENT, CLAIM_UNAVAILABLE ->
          ViolationKind.ANSWERED;
    };
  }

  /** The statuses that end a violation of this kind (every status but OPEN is an end). */
  public static Set<ViolationStatus> ends(ViolationKind kind) {
    return switch (kind) {
      case HOLDING -> EnumSet.of(ViolationStatus.DISPOSITIONED, ViolationStatus.CLOSED_WITH_UNIT);
      case NOTICE -> EnumSet.of(ViolationStatus.ACKNOWLEDGED, ViolationStatus.EXPIRED);
      case ANSWERED -> EnumSet.noneOf(ViolationStatus.class);
    };
  }

  /** Whether a violation in this status has not ended yet. */
  public static boolean isOpen(ViolationStatus status) {
    return switch (status) {
      case OPEN -> true;
      case DISPOSITIONED, ACKNOWLEDGED, CLOSED_WITH_UNIT, EXPIRED -> false;
    };
  }

  /** Whether a violation keeps its unit from completing: open, and of a HOLDING code. */
  public static boolean holds(ViolationCode code, ViolationStatus status) {
    return isOpen(status) && kind(code) == ViolationKind.HOLDING;
  }

  /**
   * The same rule over the names a store keeps (ClickHouse columns), for readers that may meet a
   * code or status newer than themselves: an unknown code counts as holding and an unknown status
   * as open, so a newer violation is shown as holding rather than hidden.
   */
  public static boolean holds(String code, String status) {
    boolean open = !known(ViolationStatus.class, status) || isOpen(ViolationStatus.valueOf(status));
    boolean holding =
        !known(ViolationCode.class, code)
            || kind(ViolationCode.valueOf(code)) == ViolationKind.HOLDING;
    return open && holding;
  }

  /**
   * Whether a unit that is not closed is held, given the codes of its open violations: it cannot
   * complete while any of them holds (the gate puts it on HOLD at its last step). Notices never
   * hold.
   */
  public static boolean held(Collection<ViolationCode> openCodes) {
    return openCodes.stream().anyMatch(code -> kind(code) == ViolationKind.HOLDING);
  }

  /** Every code of one kind, in declaration order. */
  public static Set<ViolationCode> codes(ViolationKind kind) {
    Set<ViolationCode> codes = EnumSet.noneOf(ViolationCode.class);
    Arrays.stream(ViolationCode.values()).filter(c -> kind(c) == kind).forEach(codes::add);
    return codes;
  }

  private static <E extends Enum<E>> boolean known(Class<E> type, String name) {
    return Arrays.stream(type.getEnumConstants()).anyMatch(e -> e.name().equals(name));
  }
}
