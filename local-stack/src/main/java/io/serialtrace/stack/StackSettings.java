package io.serialtrace.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The resolved settings of one local stack: the repository it belongs to and every {@link
 * StackSetting}, read from the environment (or an explicit map in tests) with the declared default.
 */
public final class StackSettings {
  private final Path home;
  private final Map<StackSetting, String> values;

  private StackSettings(Path home, Map<StackSetting, String> values) {
    this.home = home.toAbsolutePath().normalize();
    this.values = Map.copyOf(values);
  }

  /** Settings from the process environment. */
  public static StackSettings fromEnvironment(Path home) {
    return from(home, System::getenv);
  }

  /**
   * Settings for tests: as {@link #fromEnvironment}, but the <em>test</em> stack unless {@code
   * TRACE_STACK=demo} is set explicitly — a test started from an IDE, without the build's
   * environment, must never stop, kill or write into the demo stack.
   */
  public static StackSettings forTests(Path home) {
    return from(
        home,
        name -> {
          String value = System.getenv(name);
          return name.equals(StackSetting.STACK.environmentVariable())
                  && (value == null || value.isBlank())
              ? "test"
              : value;
        });
  }

  /** Settings from any lookup of environment-variable names; missing names take the default. */
  public static StackSettings from(Path home, Function<String, String> lookup) {
    Map<StackSetting, String> values = new EnumMap<>(StackSetting.class);
    for (StackSetting setting : StackSetting.values()) {
      String raw = lookup.apply(setting.environmentVariable());
      values.put(setting, raw == null || raw.isBlank() ? setting.defaultValue() : raw.trim());
    }
    StackSettings settings = new StackSettings(home, values);
    settings.validate();
    return settings.isTestStack() ? settings.asTestStack() : settings;
  }

  /** Test stack or demo stack, from {@link StackSetting#STACK}. */
  public boolean isTestStack() {
    String stack = get(StackSetting.STACK);
    return switch (stack) {
      case "test" -> true;
      case "demo" -> false;
      default ->
          throw new IllegalArgumentException(
              StackSetting.STACK.environmentVariable()
                  + "="
                  + stack
                  + " is not a stack: give demo or test");
    };
  }

  /**
   * The test stack beside the demo stack these settings describe: state under {@code <state>/test},
   * every port moved by {@link StackSetting#TEST_PORT_OFFSET}. Applied once, where settings are
   * read ({@link #from}); settings derived later ({@link #with}) keep it.
   */
  private StackSettings asTestStack() {
    int offset = testPortOffset();
    Map<StackSetting, String> changed = new EnumMap<>(values);
    for (StackSetting setting : StackSetting.values()) {
      if (setting.name().endsWith("_PORT")) {
        int moved = port(setting) + offset;
        if (moved > 65535) {
          throw new IllegalArgumentException(
              setting.environmentVariable()
                  + "="
                  + port(setting)
                  + " plus "
                  + StackSetting.TEST_PORT_OFFSET.environmentVariable()
                  + "="
                  + offset
                  + " is past 65535: the test stack needs a smaller offset or port");
        }
        changed.put(setting, Integer.toString(moved));
      }
    }
    changed.put(
        StackSetting.STATE_DIR, Path.of(get(StackSetting.STATE_DIR)).resolve("test").toString());
    StackSettings test = new StackSettings(home, changed);
    test.validate();
    return test;
  }

  private int testPortOffset() {
    String raw = get(StackSetting.TEST_PORT_OFFSET);
    try {
      int offset = Integer.parseInt(raw);
      if (offset < 1 || offset > 60000) {
        throw new NumberFormatException("out of range");
      }
      return offset;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          StackSetting.TEST_PORT_OFFSET.environmentVariable()
              + "="
              + raw
              + " is not a port offset: give a whole number from 1 to 60000");
    }
  }

  /** These settings with some replaced (validated again), e.g. a second broker's ports. */
  public StackSettings with(Map<StackSetting, String> overrides) {
    Map<StackSetting, String> changed = new EnumMap<>(values);
    changed.putAll(overrides);
    StackSettings settings = new StackSettings(home, changed);
    settings.validate();
    return settings;
  }

  private void validate() {
    for (StackSetting setting : StackSetting.values()) {
      if (setting.name().endsWith("_PORT")) {
        port(setting);
      }
    }
    readyTimeout();
    isTestStack();
  }

  public Path home() {
    return home;
  }

  public String get(StackSetting setting) {
    return Objects.requireNonNull(values.get(setting));
  }

  /** A port setting, checked to be a number in 1024..65535. */
  public int port(StackSetting setting) {
    String raw = get(setting);
    try {
      int port = Integer.parseInt(raw);
      if (port < 1024 || port > 65535) {
        throw new IllegalArgumentException("out of range");
      }
      return port;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          setting.environmentVariable()
              + "="
              + raw
              + " is not a usable port: give a number from 1024 to 65535");
    }
  }

  public Duration readyTimeout() {
    String raw = get(StackSetting.READY_TIMEOUT);
    try {
      return Duration.ofSeconds(Long.parseLong(raw));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          StackSetting.READY_TIMEOUT.environmentVariable() + "=" + raw + " is not a whole number");
    }
  }

  /** Data, logs and PID files: everything the stack writes at run time. */
  public Path stateDir() {
    return home.resolve(get(StackSetting.STATE_DIR)).normalize();
  }

  /** Downloaded and unpacked distributions, kept across {@code down}/{@code up}. */
  public Path cacheDir() {
    return home.resolve(get(StackSetting.CACHE_DIR)).normalize();
  }

  /** The development identity provider's signing key and verification key (see DevIdentity). */
  public Path authDir() {
    return stateDir().resolve("auth");
  }

  public Path dataDir(String component) {
    return stateDir().resolve("data").resolve(component);
  }

  public Path logFile(String component) {
    return stateDir().resolve("logs").resolve(component + ".log");
  }

  public Path pidFile(String component) {
    return stateDir().resolve("run").resolve(component + ".pid");
  }

  /** The built local-stack module: its classes and runtime libraries (the broker's classpath). */
  public Path moduleTarget() {
    return home.resolve("local-stack").resolve("target");
  }

  /** The java launcher of the current JVM, used for the child JVMs (Kafka, Apicurio). */
  public String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
