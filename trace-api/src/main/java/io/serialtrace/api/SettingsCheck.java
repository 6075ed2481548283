package io.serialtrace.api;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Refuses to start with settings that make no sense, naming each bad one. */
@Startup
@ApplicationScoped
public class SettingsCheck {
  @Inject ApiSettings settings;

  @PostConstruct
  void check() {
    List<String> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid api settings: " + String.join("; ", problems));
    }
  }

  /** Every problem with {@code settings}; empty when they are usable. */
  public static List<String> problems(ApiSettings settings) {
    List<String> problems = new ArrayList<>();
    if (!settings.database().matches("[A-Za-z_][A-Za-z0-9_]*")) {
      problems.add("api.database must be a plain identifier, got '" + settings.database() + "'");
    }
    if (settings.queryTimeout().toMillis() < 1000) {
      problems.add("api.query-timeout must be at least PT1S");
    }
    var genealogy = settings.genealogy();
    if (genealogy.maxDepth() < 1) {
      problems.add("api.genealogy.max-depth must be at least 1");
    }
    if (genealogy.defaultDepth() < 1 || genealogy.defaultDepth() > genealogy.maxDepth()) {
      problems.add("api.genealogy.default-depth must be within 1..api.genealogy.max-depth");
    }
    if (genealogy.maxNodes() < 1) {
      problems.add("api.genealogy.max-nodes must be at least 1");
    }
    var pages = settings.pages();
    if (pages.maxLimit() < 1
        || pages.defaultLimit() < 1
        || pages.defaultLimit() > pages.maxLimit()) {
      problems.add("api.pages.default-limit must be within 1..api.pages.max-limit");
    }
    var report = settings.contemporaneity();
    if (report.lateEntryThreshold().isNegative() || report.lateEntryThreshold().isZero()) {
      problems.add("api.contemporaneity.late-entry-threshold must be positive");
    }
    if (report.defaultRange().compareTo(report.maxRange()) > 0 || report.defaultRange().isZero()) {
      problems.add("api.contemporaneity.default-range must be positive and at most max-range");
    }
    if (settings.stream().heartbeat().toMillis() < 100) {
      problems.add("api.stream.heartbeat must be at least PT0.1S");
    }
    return problems;
  }
}
