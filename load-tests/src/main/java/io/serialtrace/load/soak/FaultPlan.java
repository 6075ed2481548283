package io.serialtrace.load.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The soak's fault schedule: one fault every {@code every}, evenly spaced over the run, the targets
 * taken round by round (each round every target once) in an order drawn from the seed — the same
 * seed, duration and spacing give the same schedule.
 */
public record FaultPlan(List<Planned> faults) {

  /** What a fault does to its component. */
  public enum Kind {
    /** SIGKILL (kill -9), then started again: no shutdown hook, no flush, no commit. */
    KILL,
    /** A clean stop (the component's own stop), then started again. */
    RESTART
  }

  /** A component of the stack and what the soak does to it. */
  public enum Target {
    INGEST("ingest", Kind.KILL),
    GATE("gate", Kind.KILL),
    SINK("sink", Kind.KILL),
    API("api", Kind.KILL),
    MQTT_BROKER("mosquitto", Kind.RESTART),
    CLICKHOUSE("clickhouse", Kind.RESTART),
    REGISTRY("registry", Kind.RESTART),
    KAFKA("kafka", Kind.RESTART);

    private final String component;
    private final Kind kind;

    Target(String component, Kind kind) {
      this.component = component;
      this.kind = kind;
    }

    /** The local stack's component name. */
    public String component() {
      return component;
    }

    public Kind kind() {
      return kind;
    }
  }

  /** The {@code index}-th fault (from 1), due {@code at} after the run's start. */
  public record Planned(int index, Duration at, Target target) {
    @Override
    public String toString() {
      return String.format(
          "#%d at +%ds: %s %s",
          index,
          at.toSeconds(),
          target.kind() == Kind.KILL ? "kill -9" : "restart",
          target.component());
    }
  }

  public FaultPlan {
    faults = List.copyOf(faults);
  }

  /**
   * Faults at {@code every}, {@code 2·every}, … while before {@code duration}; {@code targets} in a
   * seeded order per round.
   */
  public static FaultPlan of(long seed, Duration duration, Duration every, List<Target> targets) {
    if (every.isZero() || every.isNegative()) {
      throw new IllegalArgumentException("the fault spacing must be positive, got " + every);
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no fault targets");
    }
    Random random = new Random(seed);
    List<Planned> planned = new ArrayList<>();
    List<Target> round = new ArrayList<>();
    for (Duration at = every; at.compareTo(duration) < 0; at = at.plus(every)) {
      if (round.isEmpty()) {
        round.addAll(targets);
        Collections.shuffle(round, random);
      }
      planned.add(new Planned(planned.size() + 1, at, round.removeFirst()));
    }
    return new FaultPlan(planned);
  }
}
