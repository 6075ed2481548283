package io.serialtrace.ingest.it;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The server clock in tests: the system clock unless a test pins it to an instant. */
@ApplicationScoped
public class TestClock implements InstantSource {
  private final AtomicReference<Optional<Instant>> pinned = new AtomicReference<>(Optional.empty());

  @Override
  public Instant instant() {
    return pinned.get().orElseGet(Instant::now);
  }

  public void pin(Instant instant) {
    pinned.set(Optional.of(instant));
  }

  public void release() {
    pinned.set(Optional.empty());
  }
}
