package io.serialtrace.api.violations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serialtrace.api.units.ViolationView;
import java.util.List;
import java.util.Optional;

/** One page of violations, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ViolationPage(List<ViolationView> items, int limit, Optional<String> nextCursor) {}
