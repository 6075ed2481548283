package io.serialtrace.stack.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Kafka's {@code StorageTool format} with one {@code --add-scram} per principal, reading the
 * passwords from the secrets folder inside this child JVM: they never appear on a command line (ps)
 * or in the component log, which records every command the stack runs.
 *
 * <p>Usage: {@code ScramStorageFormat <cluster id> <server.properties> <secrets dir>
 * <principal>...}
 */
public final class ScramStorageFormat {
  private ScramStorageFormat() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println(
          "usage: ScramStorageFormat <cluster id> <server.properties> <secrets dir> <principal>...");
      System.exit(2);
    }
    Path secrets = Path.of(args[2]);
    List<String> format = new ArrayList<>(List.of("format", "-t", args[0], "-c", args[1]));
    for (int i = 3; i < args.length; i++) {
      String principal = args[i];
      String password = Files.readString(secrets.resolve(principal + ".password")).strip();
      format.add("--add-scram");
      format.add(
          KafkaCredentials.MECHANISM + "=[name=" + principal + ",password=" + password + "]");
    }
    System.out.println(
        "formatting with SCRAM credentials for " + List.of(args).subList(3, args.length));
    kafka.tools.StorageTool.main(format.toArray(String[]::new));
  }
}
