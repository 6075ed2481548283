package io.serialtrace.ingest.config;

import io.serialtrace.schemas.topics.TraceTopic;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * Every setting of the ingest service, under {@code ingest}. The only place a default is declared;
 * typed, and constrained by the annotations beside each setting, so a malformed or out-of-range
 * value fails the start with a message naming the property. What depends on more than one setting
 * is checked by {@link SettingsCheck}.
 */
@ConfigMapping(prefix = "ingest")
public interface IngestSettings {

  /**
   * Id of this ingest instance, put in {@code ProductionEvent.replyTo} so the gate's decision finds
   * its way back to the instance holding the waiting request, and used as this instance's MQTT
   * client id, under which the broker keeps its persistent session (subscriptions and the QoS 1
   * messages queued while ingest is disconnected). Set a stable id per instance (e.g. the pod name
   * of a StatefulSet), unique across instances: two instances with one id take the broker session
   * from each other. Empty: a random id per start — the session then survives reconnects but not a
   * restart, and the broker should expire abandoned sessions ({@code
   * persistent_client_expiration}).
   */
  Optional<String> instanceId();

  /**
   * Longest one schema-registry request of ingest's Avro serializers (events, routes) and of the
   * decision reader may connect or wait for an answer. A registry that accepts connections but
   * never answers then fails the publish (the station gets 503 "not confirmed") instead of hanging
   * it: the serde's own client has no bound. Passed to the serializers as {@code
   * serialtrace.registry.request-timeout} (application.properties). At least 1 ms: 0 would mean no
   * timeout.
   */
  @WithDefault("PT5S")
  @DurationMin(millis = 1)
  Duration registryRequestTimeout();

  /** Kafka topics this service writes and reads. */
  Topics topics();

  /** HTTP intake limits. */
  Http http();

  /** MQTT intake limits. */
  Mqtt mqtt();

  /** Waiting for the gate's decision ({@code Prefer: wait=N}). */
  Decisions decisions();

  /**
   * The plants and their stations that may send events, keyed by plant id. Read from configuration
   * until an MES plant registry exists; an event naming another plant or station is refused.
   */
  Map<String, Plant> plants();

  /** Route master data captured from PostgreSQL by Debezium. */
  Cdc cdc();

  /** Electronic signatures: re-authentication at the moment of signing (21 CFR 11.200). */
  Signatures signatures();

  /** Publishing events to Kafka: once per eventId while an attempt is open or was stored. */
  Publications publications();

  /** Health probes' own bounds. */
  Health health();

  /** Publishing events to Kafka. */
  interface Publications {
    /**
     * How many stored events (eventId and the SHA-256 of their bytes) this instance remembers, so
     * that a retry of an event whose answer was 503 but which Kafka stored afterwards is answered
     * as stored without a second copy on the topic. Events still awaiting Kafka's verdict are
     * always remembered (at most the producer's buffer). Older ones are forgotten first; a retry
     * after that stores a second copy, which the gate answers as a duplicate. At 3,450 events/s
     * (this machine's measured peak) 50,000 cover about 15 s; an entry takes about 150 bytes.
     */
    @WithDefault("50000")
    @Positive
    int remembered();
  }

  /** Health probes' own bounds. */
  interface Health {
    /**
     * Longest the readiness check waits for the Kafka cluster to answer (describe cluster) before
     * it reports Kafka DOWN. With the broker stopped, {@code /q/health/ready} answers DOWN within
     * this bound plus the other checks' time (about 2 s in all with the default), instead of the
     * admin client's default API timeout of 60 s.
     */
    @WithDefault("1500ms")
    @DurationMin(millis = 1)
    Duration kafkaTimeout();
  }

  /** Electronic signatures (SignatureApplied, Disposition, Acknowledgement). */
  interface Signatures {
    /**
     * Longest time between the signer's authentication ({@code auth_time} of the signing token) and
     * ingest receiving the signature. Older: 401, re-authenticate. Production gets such fresh
     * tokens from the OIDC provider by asking with {@code prompt=login} or {@code max_age=0} when
     * the user signs. At most 15 minutes: a longer age would no longer be the moment of signing (a
     * morning's sign-in could sign all day).
     */
    @WithDefault("120s")
    @DurationMin(nanos = 0, inclusive = false)
    @DurationMax(minutes = 15)
    Duration maxAuthenticationAge();

    /**
     * Signer roles ({@code SignatureRequirement.role} of the route) that only a caller with the
     * {@code quality} role may sign in; other signatures (e.g. PERFORMED by a technician) may be
     * signed by an operator too.
     */
    @WithDefault("QUALITY_INSPECTOR,QUALITY_ENGINEER")
    @NotEmpty
    Set<String> qualitySignerRoles();
  }

  /** Kafka topic names (created by the platform from the topic registry, never by ingest). */
  interface Topics {
    /** Accepted shop-floor events, Avro {@code ProductionEvent}, key = serial. */
    @WithDefault(TraceTopic.Names.PRODUCTION_EVENTS)
    String productionEvents();

    /** Released routes, Avro {@code Route}, key = product; compacted. */
    @WithDefault(TraceTopic.Names.ROUTES)
    String routes();

    /** The gate's answers, Avro {@code GateDecision}, key = serial; read to answer stations. */
    @WithDefault(TraceTopic.Names.GATE_DECISIONS)
    String gateDecisions();

    /** Unreadable MQTT input: raw bytes as value, the reason and origin in headers. */
    @WithDefault(TraceTopic.Names.INGEST_DEAD_LETTERS)
    String deadLetters();
  }

  /** HTTP intake limits. */
  interface Http {
    /**
     * Largest accepted request body in bytes; a larger one is refused with 413 and a problem body.
     * Keep it below {@code quarkus.http.limits.max-body-size}, which cuts off far larger bodies
     * without a problem body.
     */
    @WithDefault("1048576")
    @Positive
    int maxBodyBytes();

    /** Most events in one batch; a longer array is refused whole with 413. */
    @WithDefault("1000")
    @Positive
    int maxBatchSize();

    /**
     * How long a request waits for Kafka to acknowledge its events before answering 503 "not
     * confirmed — retry with the same eventId". The bound of the answer while the broker is down
     * (each request answers within it plus the request's own processing). Below the producer's
     * {@code delivery.timeout.ms} on purpose: the station hears within seconds, while the producer
     * keeps trying, so an event answered 503 may still be stored; a retry with the same eventId
     * joins that attempt instead of sending a second copy ({@link Publications}).
     */
    @WithDefault("3s")
    @DurationMin(millis = 1)
    Duration kafkaAckTimeout();
  }

  /** MQTT intake limits. */
  interface Mqtt {
    /**
     * Largest MQTT message (payload bytes) ingest reads as an event, far above any real reading or
     * station event (a few hundred bytes to a few KB). A larger message is dead-lettered with
     * reason {@code too-large}, its size and its first bytes; the connection stays up (the client
     * itself decodes any size MQTT allows). At most 512 KiB, so a dead letter of a message just
     * below it still fits a Kafka record.
     */
    @WithDefault("262144")
    @Positive
    @Max(524288)
    int maxMessageBytes();

    /**
     * Pause before a message Kafka took neither as an event nor as a dead letter is submitted again
     * (same bytes, same eventId). It stays unacknowledged to the broker until Kafka has it, so a
     * Kafka outage delays MQTT readings instead of losing them (the broker holds what follows, up
     * to its queue limit).
     */
    @WithDefault("1s")
    @DurationMin(millis = 1)
    Duration storeRetryInterval();
  }

  /** Waiting for the gate's decision. */
  interface Decisions {
    /** Longest wait a station may ask for with {@code Prefer: wait=N}; larger asks are capped. */
    @WithDefault("30s")
    @DurationMin(seconds = 0)
    Duration maxWait();

    /**
     * How many decisions (and pending waits) this instance remembers for {@code GET
     * /v1/events/{id}/decision} after a wait timed out; the oldest are forgotten first.
     */
    @WithDefault("10000")
    @Positive
    int remembered();

    /** Poll timeout of the decision consumer; bounds how fast it notices shutdown. */
    @WithDefault("500ms")
    @DurationMin(millis = 1)
    Duration pollTimeout();
  }

  /** One plant that may send events. */
  interface Plant {
    /** Station (work center) ids of this plant. */
    List<String> stations();

    /**
     * Devices of this plant and the station each one works at: device id → station id. A device
     * reading on MQTT is bound to the serial currently at that station.
     */
    Map<String, String> devices();
  }

  /** Route master data captured by the Debezium embedded engine. */
  interface Cdc {
    /** Whether the Debezium engine runs at all (off only where no PostgreSQL exists). */
    @WithDefault("true")
    boolean enabled();

    /** Folder of the engine's offset file; must survive restarts so nothing is read twice. */
    @WithDefault("data/cdc")
    Path offsetDir();

    /** Logical replication slot the engine reads; one per ingest deployment. */
    @WithDefault("trace_ingest_routes")
    String slotName();

    /** Publication created for the captured table. */
    @WithDefault("trace_ingest_routes")
    String publicationName();

    /**
     * Drop the slot when ingest shuts down (after the engine stopped; never when the engine merely
     * restarts after a lost connection). False in production (the slot keeps changes made while
     * ingest is down); true where every start begins with fresh offsets (tests).
     */
    @WithDefault("false")
    boolean dropSlotOnStop();

    /**
     * How long one attempt to publish a route waits for Kafka's acknowledgement. Route CDC retries
     * the change after it (back-off, a WARN per attempt) until Kafka has it, so a Kafka outage
     * delays route publication and never ends it.
     */
    @WithDefault("30s")
    @DurationMin(millis = 1)
    Duration publishTimeout();

    /**
     * How often the engine hands over a heartbeat while the captured table is quiet (Debezium
     * {@code heartbeat.interval.ms}): the proof of progress liveness judges by, and what lets the
     * replication slot advance.
     */
    @WithDefault("10s")
    @DurationMin(millis = 1)
    Duration heartbeatInterval();

    /**
     * Liveness ({@code route-cdc}) turns DOWN when the engine handed over nothing, neither change
     * nor heartbeat, for longer than this: stalled, whether hung or retrying a PostgreSQL it cannot
     * reach (a restart then starts it afresh from its offsets). Must exceed two heartbeat intervals
     * and the Kafka publish bound of one change ({@code publish-timeout}).
     */
    @WithDefault("2m")
    @DurationMin(millis = 1)
    Duration stallTimeout();
  }
}
