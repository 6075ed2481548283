package io.serialtrace.ingest.kafka;

import io.serialtrace.ingest.config.IngestSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * This instance's id, written into {@code ProductionEvent.replyTo} of events whose sender waits.
 */
@ApplicationScoped
public class InstanceId {
  private final String id;

  public InstanceId(IngestSettings settings) {
    this.id = settings.instanceId().orElseGet(() -> "ingest-" + UUID.randomUUID());
  }

  public String value() {
    return id;
  }
}
