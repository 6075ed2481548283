package io.serialtrace.ingest.clock;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;

/**
 * Produces ingest's own clock, which stamps every event's {@code receivedTime} (never the
 * sender's); tests replace it with one they control.
 */
public class ClockConfiguration {
  @Produces
  @DefaultBean
  @ApplicationScoped
  InstantSource serverClock() {
    return InstantSource.system();
  }
}
