package io.serialtrace.ingest.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Checks at start what the types alone cannot: a bad combination stops the service. */
@ApplicationScoped
public class SettingsCheck {
  /**
   * Longest re-authentication age that still means "at the moment of signing" (21 CFR 11.200): a
   * longer one would let a morning's sign-in sign all day.
   */
  static final Duration LONGEST_SIGNING_AGE = Duration.ofMinutes(15);

  void onStart(@Observes StartupEvent started, IngestSettings settings) {
    List<String> problems = problems(settings.signatures());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid trace.ingest settings: " + problems);
    }
  }

  /** Every problem of the combination, in words naming the setting; empty when fine. */
  public static List<String> problems(IngestSettings.Signatures signatures) {
    List<String> problems = new ArrayList<>();
    Duration age = signatures.maxAuthenticationAge();
    if (age.isNegative() || age.isZero() || age.compareTo(LONGEST_SIGNING_AGE) > 0) {
      problems.add(
          "trace.ingest.signatures.max-authentication-age must be above 0 and at most "
              + LONGEST_SIGNING_AGE
              + ", is "
              + age);
    }
    if (signatures.qualitySignerRoles().isEmpty()) {
      problems.add("trace.ingest.signatures.quality-signer-roles must name at least one role");
    }
    return problems;
  }
}
