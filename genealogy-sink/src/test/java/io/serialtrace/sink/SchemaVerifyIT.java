package io.serialtrace.sink;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.clickhouse.client.api.Client;
import io.serialtrace.sink.delivery.SinkFailure;
import io.serialtrace.sink.schema.Migration;
import io.serialtrace.sink.schema.MigrationRunner;
import io.serialtrace.sink.schema.Migrations;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code sink.clickhouse.migrations=VERIFY} (the chart's setting): the sink, as its own user
 * without DDL rights, checks that the migrations Job applied every shipped migration; it waits
 * while one is missing and refuses to start on one that changed.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaVerifyIT {
  private static final String DATABASE = "trace";

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void sinkUserVerifiesTheJobsMigrationsWaitsForMissingOnesAndRefusesChangedOnes(
      StackEndpoints stack) {
    // 1. the owner applies the shipped migrations (what the chart's Job does)
    try (Client owner = SinkHarness.clickHouse(stack)) {
      new MigrationRunner(owner, DATABASE).migrate(Migrations.shipped());
    }
    try (Client sink =
        new Client.Builder()
            .addEndpoint(stack.clickhouseUrl())
            .setUsername(stack.clickhouseSinkUser())
            .setPassword(stack.clickhouseSinkPassword())
            .build()) {
      MigrationRunner runner = new MigrationRunner(sink, DATABASE);
      // 2. positive control: every shipped migration is there, unchanged
      assertThatCode(() -> runner.verify(Migrations.shipped())).doesNotThrowAnyException();

      // 3. a migration the Job has not applied yet: wait (retriable), naming it
      List<Migration> ahead = new ArrayList<>(Migrations.shipped());
      ahead.add(Migration.of("V999__not_yet.sql", "SELECT 1;\n"));
      assertThatThrownBy(() -> runner.verify(ahead))
          .isInstanceOf(SinkFailure.Retriable.class)
          .hasMessageContaining("V999__not_yet.sql");

      // 4. an applied migration whose text differs: fatal
      List<Migration> changed = new ArrayList<>(Migrations.shipped());
      Migration first = changed.getFirst();
      changed.set(0, Migration.of(first.fileName(), first.sql() + "\n-- edited\n"));
      assertThatThrownBy(() -> runner.verify(changed))
          .isInstanceOf(SinkFailure.Fatal.class)
          .hasMessageContaining(first.fileName() + " changed after it was applied");
    }
  }
}
