package io.serialtrace.stack.component;

import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.clickhouse.ClickHouseAccess;
import io.serialtrace.stack.clickhouse.ClickHouseUsersXml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ClickHouse's {@code config.xml} and {@code users.xml}, rewritten in the data folder at every
 * start from the settings and {@link ClickHouseAccess}.
 */
final class ClickHouseConfigFiles {
  private final StackSettings settings;

  ClickHouseConfigFiles(StackSettings settings) {
    this.settings = settings;
  }

  /** Writes both files into {@code data}; returns the one to pass as {@code --config-file}. */
  Path write(Path data) throws IOException {
    Path config = data.resolve("config.xml");
    Path users = data.resolve("users.xml");
    Files.writeString(config, configXml(users));
    Files.writeString(users, ClickHouseUsersXml.render(settings));
    return config;
  }

  static String configXml(Path users) {
    return """
    <clickhouse>
      <!-- Ports and listen host come on the command line, where ps shows them. -->
      <users_config>%s</users_config>
      <!-- Into the component log (ManagedProcess); the level comes from the command line. -->
      <logger><console>true</console></logger>
      <!-- Timestamps on the wire are UTC; so is the server's default for functions like now(). -->
      <timezone>UTC</timezone>
      <!-- The machine also runs Kafka, Apicurio, PostgreSQL and the services: stay modest. -->
      <max_server_memory_usage_to_ram_ratio>0.5</max_server_memory_usage_to_ram_ratio>
      <mark_cache_size>268435456</mark_cache_size>
      <query_log>
        <database>system</database>
        <table>query_log</table>
        <flush_interval_milliseconds>1000</flush_interval_milliseconds>
      </query_log>
      <merge_tree>
        <!-- The sink's retried batches are dropped by insert deduplication on MergeTree. -->
        <non_replicated_deduplication_window>1000</non_replicated_deduplication_window>
      </merge_tree>
    </clickhouse>
    """
        .formatted(users);
  }
}
