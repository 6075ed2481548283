package io.serialtrace.gate.topology;

import io.serialtrace.schemas.anchor.SigningKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;

/**
 * A plain {@link GateSettings}, as the topology tests build it. Settings the topology does not read
 * (topic creation, RocksDB budget, queries) answer their declared defaults.
 */
public record TestSettings(
    Duration dedupRetention,
    Duration closedUnitRetention,
    Duration noticeRetention,
    Duration punctuationInterval,
    Duration clockSkewTolerance,
    String registryUrl,
    boolean registryAutoRegister)
    implements GateSettings {

  public static TestSettings defaults() {
    return new TestSettings(
        Duration.ofDays(7),
        Duration.ofDays(30),
        Duration.ofDays(90),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        "http://unused",
        false);
  }

  /** Shorter than the declared default, so the tests' clocks read easily. */
  public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);

  /** The test signing key, a fresh Ed25519 pair per test JVM. */
  public static final KeyPair CHECKPOINT_KEY = SigningKeys.generate();

  /** Key id of {@link #CHECKPOINT_KEY}. */
  public static final String CHECKPOINT_KEY_ID = "test-1";

  /** The checkpoint interval of the topology tests. */
  public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

  private static final Path SIGNING_KEY = writeSigningKey();

  private static Path writeSigningKey() {
    try {
      Path file = Files.createTempFile("gate-checkpoint-key", ".pem");
      file.toFile().deleteOnExit();
      return Files.writeString(file, SigningKeys.pem(CHECKPOINT_KEY.getPrivate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Checkpoint checkpoint() {
    return new Checkpoint() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public Duration interval() {
        return CHECKPOINT_INTERVAL;
      }

      @Override
      public String keyId() {
        return CHECKPOINT_KEY_ID;
      }

      @Override
      public Path signingKey() {
        return SIGNING_KEY;
      }
    };
  }

  /**
   * Longer than the declared PT5S: the ITs' own clients (GateKafka) register schemas on a freshly
   * started registry of a loaded machine, whose first registration took over 5 s.
   */
  @Override
  public Duration registryRequestTimeout() {
    return Duration.ofSeconds(30);
  }

  @Override
  public Duration registryFailureReadiness() {
    return Duration.ofMinutes(1);
  }

  @Override
  public Duration claimTimeout() {
    return CLAIM_TIMEOUT;
  }

  @Override
  public long rocksdbBlockCacheBytes() {
    return 64L << 20;
  }

  @Override
  public long rocksdbWriteBufferBytes() {
    return 16L << 20;
  }

  @Override
  public int queryAttempts() {
    return 5;
  }

  @Override
  public Duration queryRetryBackoff() {
    return Duration.ofMillis(200);
  }

  @Override
  public int standbyReplicas() {
    return 0;
  }
}
