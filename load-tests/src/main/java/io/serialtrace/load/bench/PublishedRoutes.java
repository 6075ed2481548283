package io.serialtrace.load.bench;

import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.StackEndpoints;
import java.time.Duration;

/**
 * Whether ingest has published a product's route to the gate's routes topic. Ingest reports ready
 * before its route CDC has read the seeded routes, and the gate refuses every event of a product
 * without a route (UNKNOWN_ROUTE): whoever drives the real pipeline on a fresh stack waits here.
 */
public final class PublishedRoutes {
  private PublishedRoutes() {}

  /**
   * True once a record keyed {@code product} is on the routes topic, false after {@code timeout}.
   */
  public static boolean await(StackEndpoints endpoints, String product, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!KafkaBench.hasKey(endpoints, TraceTopic.Names.ROUTES, product)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(1_000);
    }
    return true;
  }
}
