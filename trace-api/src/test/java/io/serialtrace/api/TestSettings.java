package io.serialtrace.api;

import java.time.Duration;

/** ApiSettings values for unit tests. */
final class TestSettings {
  private TestSettings() {}

  static ApiSettings with(
      String database, int defaultDepth, int maxDepth, int defaultLimit, int maxLimit) {
    return new ApiSettings() {
      public String database() {
        return database;
      }

      public Duration queryTimeout() {
        return Duration.ofSeconds(30);
      }

      public Genealogy genealogy() {
        return new Genealogy() {
          public int defaultDepth() {
            return defaultDepth;
          }

          public int maxDepth() {
            return maxDepth;
          }

          public int maxNodes() {
            return 1000;
          }
        };
      }

      public Pages pages() {
        return new Pages() {
          public int defaultLimit() {
            return defaultLimit;
          }

          public int maxLimit() {
            return maxLimit;
          }
        };
      }

      public Contemporaneity contemporaneity() {
        return new Contemporaneity() {
          public Duration lateEntryThreshold() {
            return Duration.ofMinutes(15);
          }

          public Duration defaultRange() {
            return Duration.ofHours(24);
          }

          public Duration maxRange() {
            return Duration.ofDays(31);
          }
        };
      }

      public Stream stream() {
        return new Stream() {
          public boolean enabled() {
            return true;
          }

          public String bootstrapServers() {
            return "localhost:9092";
          }

          public String registryUrl() {
            return "http://localhost:8080/apis/registry/v3";
          }

          public String topic() {
            return "trace.violations.v1";
          }

          public Duration heartbeat() {
            return Duration.ofSeconds(15);
          }
        };
      }
    };
  }
}
