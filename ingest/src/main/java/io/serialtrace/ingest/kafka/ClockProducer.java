package io.serialtrace.ingest.kafka;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;

/** The server clock that stamps {@code receivedTime}; tests replace it with one they control. */
public class ClockProducer {
  @Produces
  @DefaultBean
  @ApplicationScoped
  InstantSource serverClock() {
    return InstantSource.system();
  }
}
