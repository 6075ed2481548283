package io.serialtrace.support.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/** A settings interface shaped like the services' ones, for the tests of the settings checks. */
@ConfigMapping(prefix = "example")
public interface ExampleSettings {

  /** Where the example connects to; no default, so it must be given. */
  String url();

  /** How many records a batch holds at most; must be positive. */
  @WithDefault("10")
  @Positive
  int maxRecords();

  /** The group of timing settings, to show nested groups are read too. */
  Timing timing();

  /** Timing settings. */
  interface Timing {
    /** How long one wait lasts before it gives up. */
    @WithDefault("PT1S")
    @DurationMin(
        inclusive = false,
        message =
            "must be positive (a wait of nothing would give up at once, even when all is well)")
    Duration maxWait();

    /** A name, also declared at the top: each declaration needs its own comment. */
    Optional<String> url();
  }
}
