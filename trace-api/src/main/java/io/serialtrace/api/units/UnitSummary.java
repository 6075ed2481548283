package io.serialtrace.api.units;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * GET /v1/units/{serial}. {@code storedStatus} is units.status as the sink wrote it; {@code state}
 * adds ON_HOLD (see {@link DerivedUnitStatus}). {@code recordHead}/{@code recordCount} are the live
 * head of unit_records (newer than units.record_head while the unit is in work). {@code
 * openViolations} are the open violations that hold the unit; {@code openNotices} the open refusal
 * notices, which never hold it and wait for quality's acknowledgement.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record UnitSummary(
    String serial,
    DerivedUnitStatus state,
    String storedStatus,
    String product,
    String routeRevision,
    String workOrder,
    String plant,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<Instant> lastEventAt,
    String recordHead,
    long recordCount,
    int openViolationCount,
    List<ViolationView> openViolations,
    int openNoticeCount,
    List<ViolationView> openNotices) {}
