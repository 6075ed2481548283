package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.config.IngestSettings;
import io.serialtrace.ingest.decision.DecisionListener;
import io.serialtrace.ingest.event.PlantRegistry;
import io.serialtrace.ingest.kafka.InstanceId;
import io.serialtrace.ingest.security.SigningTokens;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** Builds the intake policy and the plant registry once, from the settings, for every channel. */
public class IntakeConfiguration {

  @Produces
  @Singleton
  PlantRegistry plantRegistry(IngestSettings settings) {
    return PlantRegistry.of(settings.plants());
  }

  @Produces
  @Singleton
  IntakePolicy intakePolicy(
      IngestSettings settings,
      PlantRegistry plants,
      EventStore store,
      SigningTokens signingTokens,
      DecisionListener decisions,
      InstanceId instanceId,
      InstantSource clock) {
    IngestSettings.Signatures signatures = settings.signatures();
    return new IntakePolicy(
        new IntakePolicy.Rules(
            plants, signatures.qualitySignerRoles(), signatures.maxAuthenticationAge()),
        store,
        signingTokens,
        new IntakePolicy.Replies(instanceId.value(), decisions.pending()),
        // The ledger is blocking JDBC: a worker thread, never the event loop.
        Infrastructure.getDefaultWorkerPool(),
        clock);
  }
}
