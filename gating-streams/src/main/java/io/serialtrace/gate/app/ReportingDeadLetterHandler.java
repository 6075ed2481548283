package io.serialtrace.gate.app;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.serialtrace.gate.topology.DeadLetterUnlessRegistryDown;

/**
 * The topology's dead-letter handling, reporting a record left unread for an unreachable registry
 * to {@link StreamFailures} (readiness "gate schema registry"). Kafka Streams instantiates it by
 * class name, so it finds the bean through the container; {@code application.properties} installs
 * it in place of the topology's plain handler.
 */
public final class ReportingDeadLetterHandler extends DeadLetterUnlessRegistryDown {

  @Override
  protected void registryUnreachable(Exception exception) {
    ArcContainer container = Arc.container();
    if (container != null) {
      container.instance(StreamFailures.class).get().registryUnreachable(exception);
    }
  }
}
