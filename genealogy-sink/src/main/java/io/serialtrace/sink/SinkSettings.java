package io.serialtrace.sink;

import io.serialtrace.schemas.topics.TraceTopic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every setting of the sink, in one place (prefix {@code sink}). Parsed only through this
 * declaration: defaults live in {@code @WithDefault} and nowhere else. Checked at start, before
 * anything is consumed: each value by its Bean Validation constraint here, relations between
 * settings by {@link SettingsCheck}; either stops the service naming the setting.
 */
@ConfigMapping(prefix = "sink")
public interface SinkSettings {

  /** Kafka connection and consumption. */
  Kafka kafka();

  /** ClickHouse connection and target database. */
  ClickHouse clickhouse();

  /** How records are grouped into inserts. */
  Batch batch();

  /** Back-off while ClickHouse (or Kafka) fails with a retriable error. */
  Retry retry();

  /** What the health checks judge by. */
  Health health();

  /** Kafka settings. */
  interface Kafka {
    /** Kafka bootstrap servers, e.g. {@code 127.0.0.1:19092}. */
    String bootstrapServers();

    /** Apicurio Registry v3 API URL used by the Avro deserializer. */
    String registryUrl();

    /**
     * Longest a registry request (schema or reference lookup) may connect or wait for an answer
     * before it fails and the batch is retried like any outage. The serde's own client has no
     * bound, so a registry that accepts connections but never answers would hang the loop. Under a
     * millisecond is refused: it would round to 0, which the HTTP client reads as no timeout.
     */
    @WithDefault("PT5S")
    @DurationMin(millis = 1)
    Duration registryRequestTimeout();

    /**
     * Consumer group id. Offsets and the in-flight batch of each partition (commit metadata) are
     * stored under it, so every sink instance of one deployment must share it.
     */
    @WithDefault("genealogy-sink")
    String groupId();

    /** Topic receiving records that cannot be mapped, with the raw bytes and reason headers. */
    @WithDefault(TraceTopic.Names.SINK_DEAD_LETTERS)
    String deadLetterTopic();

    /** How long one poll waits for records when nothing is buffered. */
    @WithDefault("PT0.2S")
    Duration pollTimeout();

    /**
     * How often the loop checks that a Kafka broker answers (a metadata request), so readiness
     * reports a Kafka outage even while no record is waiting to be delivered (a poll alone returns
     * nothing and says nothing).
     */
    @WithDefault("PT5S")
    @DurationMin(inclusive = false)
    Duration brokerCheckInterval();

    /**
     * Longest that check waits for an answer; past it readiness is DOWN ("Kafka unreachable") until
     * a later check is answered. The loop waits this long per check during an outage.
     */
    @WithDefault("PT2S")
    @DurationMin(millis = 1)
    Duration brokerCheckTimeout();

    /** Most records one poll returns (Kafka {@code max.poll.records}). */
    @WithDefault("5000")
    @Positive
    int maxPollRecords();

    /**
     * Kafka {@code security.protocol} of the consumer and the dead-letter producer: {@code
     * PLAINTEXT} (the plain local stack), {@code SASL_PLAINTEXT} ({@code ./trace up --secure}),
     * {@code SASL_SSL} or {@code SSL} (a production cluster).
     */
    @WithDefault("PLAINTEXT")
    SecurityProtocol securityProtocol();

    /**
     * SASL mechanism, e.g. {@code SCRAM-SHA-512}; required with the {@code SASL_*} protocols,
     * ignored otherwise.
     */
    Optional<String> saslMechanism();

    /**
     * The JAAS login line of the sink's principal, e.g. {@code
     * org.apache.kafka.common.security.scram.ScramLoginModule required username="sink"
     * password="...";}. A secret: give it from the environment ({@code
     * SINK_KAFKA_SASL_JAAS_CONFIG}) or as a {@code ${VARIABLE}} expression, never in a packaged
     * file. Required with the {@code SASL_*} protocols.
     */
    Optional<String> saslJaasConfig();

    /**
     * Truststore with the broker's CA for {@code SSL}/{@code SASL_SSL} (Kafka {@code
     * ssl.truststore.location}); the JVM's default truststore when absent.
     */
    Optional<String> sslTruststoreLocation();

    /**
     * Format of that truststore (Kafka {@code ssl.truststore.type}): {@code PEM}, {@code PKCS12}.
     */
    @WithDefault("PKCS12")
    String sslTruststoreType();

    /** Password of that truststore, when its format has one (a PEM file has none). */
    Optional<String> sslTruststorePassword();

    /**
     * The client settings these security settings stand for, added to every Kafka client the sink
     * creates.
     */
    default Map<String, Object> securityConfig() {
      Map<String, Object> config = new HashMap<>();
      config.put("security.protocol", securityProtocol().name());
      if (securityProtocol().sasl()) {
        config.put("sasl.mechanism", saslMechanism().orElseThrow());
        config.put("sasl.jaas.config", saslJaasConfig().orElseThrow());
      }
      if (securityProtocol().tls()) {
        sslTruststoreLocation()
            .ifPresent(
                location -> {
                  config.put("ssl.truststore.location", location);
                  config.put("ssl.truststore.type", sslTruststoreType());
                });
        sslTruststorePassword().ifPresent(p -> config.put("ssl.truststore.password", p));
      }
      return Map.copyOf(config);
    }
  }

  /** Kafka's {@code security.protocol} values. */
  enum SecurityProtocol {
    PLAINTEXT(false, false),
    SASL_PLAINTEXT(true, false),
    SASL_SSL(true, true),
    SSL(false, true);

    private final boolean sasl;
    private final boolean tls;

    SecurityProtocol(boolean sasl, boolean tls) {
      this.sasl = sasl;
      this.tls = tls;
    }

    /** True when the protocol authenticates with SASL (mechanism and JAAS line needed). */
    public boolean sasl() {
      return sasl;
    }

    /** True when the connection is TLS (a truststore may be given). */
    public boolean tls() {
      return tls;
    }
  }

  /** ClickHouse settings. */
  interface ClickHouse {
    /** ClickHouse HTTP endpoint, e.g. {@code http://127.0.0.1:18123}. */
    String url();

    /**
     * User the rows are inserted with. Least privilege: INSERT and SELECT on the database, no DDL
     * (the local stack's {@code trace_sink}); the owner user also works.
     */
    String user();

    /** That user's password. */
    String password();

    /**
     * User the schema migrations run as at start (CREATE/ALTER: the database's owner, the local
     * stack's {@code trace}); {@link #user()} when absent.
     */
    Optional<String> migrationUser();

    /** Password of {@link #migrationUser()}; {@link #password()} when absent. */
    Optional<String> migrationPassword();

    /**
     * What the sink does with the schema at start: {@code APPLY} the shipped migrations (as {@link
     * #migrationUser()}), or {@code VERIFY} that a migrations Job has applied every one of them,
     * unchanged, waiting (retrying) until it has — then the sink needs no user with DDL rights (the
     * chart's setting).
     */
    @WithDefault("APPLY")
    SchemaMigrations migrations();

    /** Database of the sink's tables; created if missing, migrated at start. */
    @WithDefault("trace")
    @Pattern(
        regexp = "trace[A-Za-z0-9_]*",
        message = "must match trace[A-Za-z0-9_]* (the application user owns only trace* databases)")
    String database();

    /** Socket timeout of one insert or query; a longer one is treated as a retriable failure. */
    @WithDefault("PT30S")
    @DurationMin(inclusive = false)
    Duration requestTimeout();

    /**
     * Longest wait for a TCP connection to ClickHouse (client-v2 {@code connect_timeout}); an
     * unreachable host fails the insert after it, retried like any outage.
     */
    @WithDefault("PT5S")
    @DurationMin(millis = 1)
    Duration connectTimeout();

    /**
     * Most partitions whose batches are delivered at once, each decoded, built and inserted by a
     * worker thread of its own (its tables one after the other); the round's pending and stored
     * marks are one commit each. 1 delivers one partition at a time. The default covers a topic of
     * 6 partitions in one round with room to spare; each worker holds one batch's rows (a few MiB
     * at {@code sink.batch.max-records}).
     */
    @WithDefault("8")
    @Positive
    int insertConcurrency();
  }

  /** Who applies the schema migrations: the sink at its start, or a Job before it. */
  enum SchemaMigrations {
    /** The sink applies what {@code schema_migrations} lacks, as the migration user. */
    APPLY,
    /** Another process (the chart's migrations Job) applies them; the sink only checks. */
    VERIFY
  }

  /** Batching settings. */
  interface Batch {
    /** A partition's buffer is inserted once it holds this many records. */
    @WithDefault("5000")
    @Positive
    int maxRecords();

    /**
     * A partition's buffer is inserted once its oldest record has waited this long, even if small:
     * the bound on event-to-queryable latency at low rates.
     */
    @WithDefault("PT0.5S")
    @DurationMin(inclusive = false)
    Duration maxWait();
  }

  /** Retry settings. */
  interface Retry {
    /** First back-off after a retriable failure; doubled each attempt. */
    @WithDefault("PT0.5S")
    @DurationMin(inclusive = false)
    Duration initialBackoff();

    /**
     * Longest back-off between attempts, at least {@link #initialBackoff()}; retries go on forever
     * at this pace.
     */
    @WithDefault("PT10S")
    Duration maxBackoff();
  }

  /** Health settings. */
  interface Health {
    /**
     * Liveness turns DOWN when the loop should be polling (running or retrying) but has completed
     * no iteration for longer than this: it is blocked inside a call that its own bound did not
     * end, and only a restart helps. Waiting for records and backing off between retries complete
     * iterations, so an outage alone never trips it. Must exceed the longest single delivery
     * attempt, whose dominant term is one insert per table, each bounded by {@code
     * sink.clickhouse.request-timeout} (checked at start).
     */
    @WithDefault("PT5M")
    @DurationMin(inclusive = false)
    Duration stallTimeout();
  }
}
