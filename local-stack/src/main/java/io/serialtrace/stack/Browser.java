package io.serialtrace.stack;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The headless browser that dashboard tests drive: Debian's {@code chromium} and {@code
 * chromium-driver}, installed when missing (like PostgreSQL and Mosquitto), so a fresh developer or
 * CI machine needs no manual step and nothing is downloaded at test time (Selenium Manager is never
 * asked: tests give the driver path).
 */
public final class Browser {
  /** The browser binary. */
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  /** The matching WebDriver binary from chromium-driver. */
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private Browser() {}

  /** Installs chromium and chromium-driver if either binary is missing; log under the stack. */
  public static void ensure(StackSettings settings, Progress progress) throws IOException {
    Path log = settings.logFile("browser");
    java.nio.file.Files.createDirectories(log.getParent());
    DebianPackages.ensure("browser", CHROMIUM, "chromium", progress, log);
    DebianPackages.ensure("browser", CHROMEDRIVER, "chromium-driver", progress, log);
  }
}
