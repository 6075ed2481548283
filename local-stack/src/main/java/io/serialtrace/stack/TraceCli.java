package io.serialtrace.stack;

import io.serialtrace.stack.audit.VerifyRecord;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.TokenRequest;
import io.serialtrace.stack.component.KafkaBroker;
import io.serialtrace.stack.kafka.KafkaCredentials;
import io.serialtrace.stack.kafka.KafkaSecurity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./trace up|down|status|logs|env|token|verify-record}: the Java side of the shell entry
 * point.
 *
 * <p>Exit codes: 0 done; 1 the stack failed (message on stderr); 2 wrong usage; 3 {@code status}
 * found something not ready.
 */
public final class TraceCli {
  private static final String USAGE =
      """
      usage: ./trace up [component...]    start the local stack (all components by default)
             ./trace up --services         the stack and the four services (built runner jars)
             ./trace up --secure [...]     Kafka with SASL/SCRAM and per-service ACLs; the data
                                           folder remembers it (switching needs a fresh
                                           .stack/data/kafka); combines with --services
             ./trace down                  stop everything ./trace up or ./trace demo started
             ./trace status                each component: pid, readiness, endpoint
             ./trace logs [component] [-n lines]
             ./trace env                   the endpoints as shell variables
             ./trace token --sub ID --roles R[,R] --plants P[,P] [--name "Printed Name"] [--ttl 8h]
                                           a development bearer token signed by the stack's key
             ./trace verify-record EXPORT.json --key ID=PUBLIC-KEY.pem [--key ...]
                                           check a record export offline (exit 0: verified)
      components: postgres mosquitto clickhouse kafka registry (services: ingest gate sink api)
      settings (environment):
      """;

  private TraceCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(usage());
      return 2;
    }
    try {
      StackSettings settings = StackSettings.fromEnvironment(RepositoryHome.find());
      LocalStack stack = LocalStack.of(settings);
      List<String> rest = Arrays.asList(args).subList(1, args.length);
      return switch (args[0]) {
        case "up" -> up(settings, rest, out);
        case "down" -> {
          LocalStack.withServices(settings).down(Progress.printingTo(out));
          yield 0;
        }
        case "status" -> status(stack, LocalStack.withServices(settings), out);
        case "logs" -> logs(settings, rest, out, err);
        case "env" -> env(settings, out);
        case "token" -> token(settings, rest, out);
        case "verify-record" -> VerifyRecord.run(rest, out);
        default -> {
          err.print(usage());
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println("trace: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("trace: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  private static int up(StackSettings settings, List<String> args, PrintStream out)
      throws Exception {
    boolean services = args.contains("--services");
    KafkaSecurity security =
        args.contains("--secure") ? KafkaSecurity.SASL_SCRAM : KafkaSecurity.remembered(settings);
    List<String> names = args.stream().filter(a -> !a.startsWith("--")).toList();
    List<String> unknown =
        args.stream()
            .filter(a -> a.startsWith("--") && !a.equals("--services") && !a.equals("--secure"))
            .toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + unknown + "; see ./trace help");
    }
    KafkaBroker.requireMode(settings, security);
    if (services && !names.isEmpty()) {
      throw new IllegalArgumentException("--services starts everything: name no components");
    }
    if (services) {
      // The stack first, ready and prepared (a secure broker's ACLs exist only after its
      // afterReady): a service started beside it would be refused by the deny-all authorizer.
      LocalStack.of(settings, security).up(Progress.printingTo(out));
      return up(LocalStack.withServices(settings, security), out);
    }
    return up(
        names.isEmpty()
            ? LocalStack.of(settings, security)
            : LocalStack.of(settings, security).only(names),
        out);
  }

  private static int up(LocalStack stack, PrintStream out) throws Exception {
    LocalStack.UpResult result = stack.up(Progress.printingTo(out));
    return reportUp(stack, result.started(), out);
  }

  private static int reportUp(LocalStack stack, List<String> started, PrintStream out) {
    out.println();
    out.println(
        started.isEmpty()
            ? "The local stack was already running."
            : "Started: " + String.join(", ", started) + ".");
    printEndpoints(stack, out);
    return 0;
  }

  /** The exit code speaks for the stack only: the services are optional (./trace demo). */
  private static int status(LocalStack stack, LocalStack withServices, PrintStream out) {
    boolean allReady = true;
    List<String> infrastructure = stack.components().stream().map(c -> c.name()).toList();
    out.printf("%-11s %-8s %-6s %s%n", "COMPONENT", "PID", "READY", "ENDPOINT / DETAIL");
    for (LocalStack.ComponentStatus status : withServices.status()) {
      if (infrastructure.contains(status.name())) {
        allReady &= status.ready();
      } else if (status.pid().isEmpty()) {
        continue;
      }
      out.printf(
          "%-11s %-8s %-6s %s%s%n",
          status.name(),
          status.pid().map(String::valueOf).orElse("-"),
          status.ready() ? "yes" : "no",
          status.endpoint(),
          status.ready() ? "" : "  (" + status.detail() + ")");
    }
    return allReady ? 0 : 3;
  }

  private static void printEndpoints(LocalStack stack, PrintStream out) {
    for (var component : stack.components()) {
      out.printf("  %-11s %s%n", component.name(), component.endpoint());
    }
    out.println("  state:      " + stack.settings().stateDir());
  }

  private static int logs(
      StackSettings settings, List<String> rest, PrintStream out, PrintStream err)
      throws IOException {
    int lines = 50;
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      if (rest.get(i).equals("-n") && i + 1 < rest.size()) {
        lines = Integer.parseInt(rest.get(++i));
      } else {
        names.add(rest.get(i));
      }
    }
    if (names.isEmpty()) {
      names = LocalStack.of(settings).components().stream().map(c -> c.name()).toList();
    }
    for (String name : names) {
      Path log = settings.logFile(name);
      out.println("==> " + log + " <==");
      if (!Files.isRegularFile(log)) {
        out.println("(no log yet)");
        continue;
      }
      List<String> all = Files.readAllLines(log);
      all.subList(Math.max(0, all.size() - lines), all.size()).forEach(out::println);
    }
    return 0;
  }

  private static int env(StackSettings settings, PrintStream out) {
    StackEndpoints e = StackEndpoints.of(settings);
    out.println("export " + StackEndpoints.KAFKA_BOOTSTRAP + "=" + e.kafkaBootstrap());
    out.println("export " + StackEndpoints.REGISTRY_URL + "=" + e.registryUrl());
    out.println("export " + StackEndpoints.CLICKHOUSE_URL + "=" + e.clickhouseUrl());
    out.println("export " + StackEndpoints.PG_URL + "=" + e.postgresJdbcUrl());
    out.println("export " + StackEndpoints.MQTT_URL + "=" + e.mqttUrl());
    out.println("export TRACE_CLICKHOUSE_SINK_USER=" + e.clickhouseSinkUser());
    out.println("export TRACE_CLICKHOUSE_API_USER=" + e.clickhouseApiUser());
    KafkaSecurity security = KafkaSecurity.remembered(settings);
    out.println("export TRACE_KAFKA_SECURITY_PROTOCOL=" + security.securityProtocol());
    if (security == KafkaSecurity.SASL_SCRAM) {
      // Where the passwords are, not the passwords: env output ends up in shell history and logs.
      out.println("export TRACE_KAFKA_SASL_MECHANISM=" + KafkaCredentials.MECHANISM);
      out.println("export TRACE_KAFKA_PASSWORD_DIR=" + KafkaCredentials.of(settings).dir());
    }
    out.println(
        "export TRACE_JWT_VERIFICATION_KEY="
            + DevIdentity.in(settings.authDir()).verificationKeyFile());
    return 0;
  }

  /**
   * Development tokens come from the stack's own key (DevIdentity), so a developer can call the
   * services with curl exactly as a production client with a provider's token would.
   */
  private static int token(StackSettings settings, List<String> rest, PrintStream out) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < rest.size(); i++) {
      String option = rest.get(i);
      if (!option.startsWith("--") || i + 1 >= rest.size()) {
        throw new IllegalArgumentException(
            "token: expected --sub, --roles, --plants, --name or --ttl with a value, got '"
                + option
                + "'");
      }
      options.put(option.substring(2), rest.get(++i));
    }
    for (String required : List.of("sub", "roles", "plants")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("token: --" + required + " is required");
      }
    }
    var request =
        TokenRequest.of(
                options.get("sub"),
                Set.copyOf(DevIdentity.roles(options.get("roles"))),
                Set.of(options.get("plants").split(",")))
            .withPrintedName(options.getOrDefault("name", options.get("sub")));
    if (options.containsKey("ttl")) {
      request =
          request.withLifetime(Duration.parse("PT" + options.get("ttl").toUpperCase(Locale.ROOT)));
    }
    out.println(DevIdentity.in(settings.authDir()).mint(request, Instant.now()));
    return 0;
  }

  static String usage() {
    StringBuilder text = new StringBuilder(USAGE);
    for (StackSetting setting : StackSetting.values()) {
      text.append(
          String.format(
              "  %-32s %s (default %s)%n",
              setting.environmentVariable(), setting.description(), setting.defaultValue()));
    }
    return text.toString();
  }
}
