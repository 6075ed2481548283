package io.serialtrace.helm;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.serialtrace.schemas.topics.Service;
import io.serialtrace.schemas.topics.TraceTopic;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import io.serialtrace.stack.clickhouse.ClickHouseGrant;
import io.serialtrace.stack.kafka.ServiceAccess;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;

/**
 * Where a rendered chart differs from the code's declarations: its KafkaTopics from {@link
 * TraceTopic}, its KafkaUsers' ACLs from {@link ServiceAccess}, its ClickHouseInstallation's users
 * and grants from {@link ClickHouseAccess}. Each side is read in its own terms — Strimzi's typed
 * model against Kafka's {@link AclBinding}s, the operator's user settings against the grants' SQL —
 * so a mistake in the chart's generator or templates shows as a difference, one line each.
 */
final class DeclarationDrift {
  private DeclarationDrift() {}

  /** One allowed operation on one resource, in words both sides can be brought to. */
  record Grant(String type, String pattern, String name, String operation) {
    @Override
    public String toString() {
      return operation + " on " + type + " " + pattern + " " + name;
    }
  }

  private static final Comparator<Grant> BY_TEXT = Comparator.comparing(Grant::toString);

  /** Every difference, empty when the chart says exactly what the code declares. */
  static List<String> differences(RenderedChart chart) {
    List<String> differences = new ArrayList<>();
    differences.addAll(topics(chart));
    differences.addAll(kafkaUsers(chart));
    differences.addAll(clickHouseUsers(chart));
    return differences;
  }

  static List<String> topics(RenderedChart chart) {
    List<String> differences = new ArrayList<>();
    Map<String, KafkaTopic> rendered = new LinkedHashMap<>();
    chart
        .all("KafkaTopic", KafkaTopic.class)
        .forEach(t -> rendered.put(t.getSpec().getTopicName(), t));
    for (TraceTopic topic : TraceTopic.createdByPlatform()) {
      KafkaTopic kafkaTopic = rendered.remove(topic.topicName());
      if (kafkaTopic == null) {
        differences.add("topic " + topic.topicName() + " is declared but not in the chart");
        continue;
      }
      Map<String, Object> config = kafkaTopic.getSpec().getConfig();
      expect(
          differences,
          topic + " cleanup.policy",
          topic.cleanup().config(),
          config.get("cleanup.policy"));
      expect(
          differences,
          topic + " retention.ms",
          topic.retention().map(Duration::toMillis).orElse(null),
          config.get("retention.ms") instanceof Number n
              ? n.longValue()
              : config.get("retention.ms"));
      if (topic.partitioning() == TraceTopic.Partitioning.SINGLE) {
        expect(differences, topic + " partitions", 1, kafkaTopic.getSpec().getPartitions());
      }
    }
    rendered
        .keySet()
        .forEach(name -> differences.add("topic " + name + " is in the chart but not declared"));
    return differences;
  }

  static List<String> kafkaUsers(RenderedChart chart) {
    List<String> differences = new ArrayList<>();
    Map<String, KafkaUser> rendered = new LinkedHashMap<>();
    chart
        .all("KafkaUser", KafkaUser.class)
        .forEach(u -> rendered.put(u.getMetadata().getName(), u));
    for (Service service : Service.values()) {
      String name = RenderedChart.RELEASE + "-" + service.module();
      KafkaUser user = rendered.remove(name);
      if (user == null) {
        differences.add("KafkaUser " + name + " of " + service + " is not in the chart");
        continue;
      }
      Set<Grant> declared = declared(service);
      Set<Grant> granted = granted(user);
      minus(granted, declared)
          .forEach(g -> differences.add(name + " may " + g + ", which is not declared"));
      minus(declared, granted).forEach(g -> differences.add(name + " lacks the declared " + g));
    }
    rendered.keySet().forEach(name -> differences.add("KafkaUser " + name + " is not a service's"));
    return differences;
  }

  /** The declaration's ACLs, operations written without underscores (DESCRIBECONFIGS). */
  static Set<Grant> declared(Service service) {
    Set<Grant> grants = new TreeSet<>(BY_TEXT);
    for (AclBinding binding : ServiceAccess.aclBindings(service)) {
      grants.add(
          new Grant(
              binding.pattern().resourceType().name().replace("_", ""),
              binding.pattern().patternType() == PatternType.PREFIXED ? "PREFIX" : "LITERAL",
              binding.pattern().name(),
              binding.entry().operation().name().replace("_", "")));
    }
    return grants;
  }

  /** The KafkaUser's ACLs as Strimzi's model reads them, in the same words as {@link #declared}. */
  static Set<Grant> granted(KafkaUser user) {
    Set<Grant> grants = new TreeSet<>(BY_TEXT);
    var authorization = (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization();
    for (AclRule rule : authorization.getAcls()) {
      String host = Objects.requireNonNullElse(rule.getHost(), "*");
      String type;
      String pattern;
      String name;
      switch (rule.getResource()) {
        case AclRuleTopicResource topic -> {
          type = "TOPIC";
          pattern = topic.getPatternType().name();
          name = topic.getName();
        }
        case AclRuleGroupResource group -> {
          type = "GROUP";
          pattern = group.getPatternType().name();
          name = group.getName();
        }
        case AclRuleTransactionalIdResource txn -> {
          type = "TRANSACTIONALID";
          pattern = txn.getPatternType().name();
          name = txn.getName();
        }
        default -> {
          type = rule.getResource().getType().toUpperCase(Locale.ROOT);
          pattern = "?";
          name = "?";
        }
      }
      String where = host.equals("*") ? "" : "@" + host;
      rule.getOperations()
          .forEach(op -> grants.add(new Grant(type, pattern, name + where, op.name())));
    }
    return grants;
  }

  /**
   * The ClickHouseInstallation's users against {@link ClickHouseAccess#everywhere}: names,
   * profiles, grants, each password from the user's own Secret. Nothing when the chart installs no
   * ClickHouse.
   */
  @SuppressWarnings("unchecked")
  static List<String> clickHouseUsers(RenderedChart chart) {
    List<GenericKubernetesResource> installations =
        chart.all("ClickHouseInstallation", GenericKubernetesResource.class);
    if (installations.isEmpty()) {
      return List.of();
    }
    var spec = (Map<String, Object>) installations.getFirst().getAdditionalProperties().get("spec");
    var settings =
        (Map<String, Object>)
            ((Map<String, Object>) spec.get("configuration")).getOrDefault("users", Map.of());
    Map<String, Map<String, Object>> users = new LinkedHashMap<>();
    settings.forEach(
        (key, value) -> {
          int slash = key.indexOf('/');
          users
              .computeIfAbsent(key.substring(0, slash), k -> new LinkedHashMap<>())
              .put(key.substring(slash + 1), value);
        });
    List<String> differences = new ArrayList<>();
    for (ClickHouseAccess access : ClickHouseAccess.everywhere()) {
      String name = access.defaultUserName();
      Map<String, Object> user = users.remove(name);
      boolean plantScoped = access.rows() instanceof ClickHouseAccess.Rows.OfPlants;
      if (user == null) {
        // a plant-scoped user exists only where the values name its plants
        if (!plantScoped) {
          differences.add("ClickHouse user " + name + " is declared but not in the chart");
        }
        continue;
      }
      Set<String> filters = new TreeSet<>();
      if (plantScoped) {
        for (String view : ClickHouseAccess.Names.ANALYST_VIEWS) {
          String key = "databases/" + view.replace('.', '/') + "/filter";
          filters.add(key);
          if (!(user.get(key) instanceof String filter
              && filter.startsWith(ClickHouseAccess.Names.PLANT_COLUMN + " IN ('"))) {
            differences.add(name + " has no plant row policy on " + view + ": " + user.get(key));
          }
        }
      }
      expect(
          differences,
          name + " grants",
          access.grantsEverywhere().stream().map(ClickHouseGrant::sql).toList(),
          user.get("grants/query"));
      expect(differences, name + " profile", access.profile().xmlName(), user.get("profile"));
      expect(
          differences,
          name + " password Secret",
          "trace-clickhouse-" + ChartDeclarations.role(access) + "/password",
          user.get("k8s_secret_password"));
      Set<String> known = Set.of("grants/query", "profile", "k8s_secret_password", "networks/ip");
      user.keySet().stream()
          .filter(k -> !known.contains(k) && !filters.contains(k))
          .forEach(k -> differences.add(name + "/" + k + " is set but not declared"));
    }
    users.keySet().forEach(name -> differences.add("ClickHouse user " + name + " is not declared"));
    return differences;
  }

  private static void expect(
      List<String> differences, String what, Object declared, Object rendered) {
    if (!Objects.equals(declared, rendered)) {
      differences.add(what + ": declared " + declared + ", chart " + rendered);
    }
  }

  private static Set<Grant> minus(Set<Grant> from, Set<Grant> remove) {
    return from.stream()
        .filter(g -> !remove.contains(g))
        .collect(Collectors.toCollection(() -> new TreeSet<>(BY_TEXT)));
  }
}
