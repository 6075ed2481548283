package io.serialtrace.stack.component;

import io.serialtrace.stack.Progress;
import io.serialtrace.stack.StackException;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.serialtrace.stack.kafka.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * What a ready broker is given once, idempotently: the streams rebalance protocol, the ACLs of
 * {@link ServiceAccess} (secure mode) and the pipeline's topics from their declaration.
 */
final class KafkaClusterSetup {
  private static final String NAME = KafkaBroker.NAME;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String STREAMS_FEATURE = "streams.version";
  private static final short STREAMS_FEATURE_LEVEL = 1;

  private final KafkaSecurity security;
  private final KafkaClients clients;
  private final KafkaCredentials credentials;

  KafkaClusterSetup(KafkaSecurity security, KafkaClients clients, KafkaCredentials credentials) {
    this.security = security;
    this.clients = clients;
    this.credentials = credentials;
  }

  void apply(Progress progress) throws Exception {
    try (var loader = KafkaClients.ownClassLoader();
        Admin admin = Admin.create(clients.admin(TIMEOUT))) {
      enableStreamsProtocol(admin, progress);
      if (security == KafkaSecurity.SASL_SCRAM) {
        applyAcls(admin, progress);
      }
      TopicProvisioner.Outcome topics = TopicProvisioner.ensureAll(admin, TIMEOUT);
      progress.report(
          NAME,
          "pipeline topics: "
              + (topics.created().isEmpty() ? "all present" : "created " + topics.created()));
      for (String mismatch : topics.mismatched()) {
        progress.report(
            NAME, "topic " + mismatch + " (left as it is; recreate it to follow the declaration)");
      }
    }
  }

  /**
   * Makes sure the streams rebalance protocol (KIP-1071, {@code group.protocol=streams}) is on. In
   * Kafka 4.2+ it is a cluster feature, {@code streams.version}, that a fresh format sets to 1 (the
   * broker setting {@code group.coordinator.rebalance.protocols} is deprecated in 4.3); storage
   * formatted by an older Kafka is upgraded here.
   */
  private void enableStreamsProtocol(Admin admin, Progress progress) throws Exception {
    short level = streamsFeatureLevel(admin);
    if (level < STREAMS_FEATURE_LEVEL) {
      progress.report(NAME, "enabling " + STREAMS_FEATURE + "=" + STREAMS_FEATURE_LEVEL);
      admin
          .updateFeatures(
              Map.of(
                  STREAMS_FEATURE,
                  new FeatureUpdate(STREAMS_FEATURE_LEVEL, FeatureUpdate.UpgradeType.UPGRADE)),
              new UpdateFeaturesOptions())
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      level = streamsFeatureLevel(admin);
      if (level < STREAMS_FEATURE_LEVEL) {
        throw new StackException(
            NAME
                + " at "
                + clients.bootstrap()
                + ": the cluster feature "
                + STREAMS_FEATURE
                + " is "
                + level
                + " after an upgrade to "
                + STREAMS_FEATURE_LEVEL
                + "; group.protocol=streams will be refused");
      }
    }
    progress.report(NAME, "streams rebalance protocol on (" + STREAMS_FEATURE + "=" + level + ")");
  }

  private static short streamsFeatureLevel(Admin admin) throws Exception {
    FinalizedVersionRange range =
        admin
            .describeFeatures()
            .featureMetadata()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .finalizedFeatures()
            .get(STREAMS_FEATURE);
    return range == null ? 0 : range.maxVersionLevel();
  }

  /**
   * Makes the broker's ACLs exactly {@link ServiceAccess}'s: creates the missing ones and deletes
   * any other (an ACL granted by hand would otherwise outlive the declaration).
   */
  private void applyAcls(Admin admin, Progress progress) throws Exception {
    Set<AclBinding> wanted = ServiceAccess.allBindings();
    long timeout = TIMEOUT.toMillis();
    var existing =
        admin.describeAcls(AclBindingFilter.ANY).values().get(timeout, TimeUnit.MILLISECONDS);
    List<AclBindingFilter> stale =
        existing.stream()
            .filter(binding -> !wanted.contains(binding))
            .map(AclBinding::toFilter)
            .toList();
    if (!stale.isEmpty()) {
      admin.deleteAcls(stale).all().get(timeout, TimeUnit.MILLISECONDS);
    }
    admin.createAcls(wanted).all().get(timeout, TimeUnit.MILLISECONDS);
    List<String> principals = KafkaCredentials.principals();
    progress.report(
        NAME,
        "ACLs: "
            + wanted.size()
            + " for principals "
            + principals.subList(1, principals.size())
            + (stale.isEmpty() ? "" : ", " + stale.size() + " undeclared removed")
            + "; passwords in "
            + credentials.dir());
  }
}
