package io.serialtrace.api.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.serialtrace.schemas.Severity;
import io.serialtrace.schemas.Violation;
import io.serialtrace.schemas.ViolationCode;
import io.serialtrace.stack.Browser;
import io.serialtrace.stack.Progress;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium + chromium-driver, driver path given so
 * nothing is downloaded), signed in by pasting a quality engineer's token for P1 (as a developer
 * does): a violation produced on Kafka appears without a reload through the fetch-read stream, and
 * a unit lookup shows the unit's record.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ApiStackResource.class, restrictToAnnotatedClass = false)
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DashboardBrowserIT {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final Duration WAIT = Duration.ofSeconds(45);

  /** The zone the browser runs in: not UTC, so a browser-local time would show. */
  static final String BROWSER_ZONE = "America/Los_Angeles";

  private ChromeDriverService service;
  private WebDriver browser;
  private Path profile;

  @BeforeEach
  void openBrowser() throws Exception {
    Browser.ensure(StackSettings.forTests(RepositoryHome.find()), Progress.printingTo(System.out));
    profile = Files.createTempDirectory("trace-api-chromium");
    // A browser in another zone and a 12-hour locale: the page must not show its local time.
    service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Browser.CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", BROWSER_ZONE))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(Browser.CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--lang=en-US",
        "--user-data-dir=" + profile);
    browser = new ChromeDriver(service, options);
  }

  @AfterEach
  void closeBrowser() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (service != null) {
      service.stop();
    }
    if (profile != null) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void violationFromKafkaAppearsWithoutReload(StackEndpoints stack) throws Exception {
    // 1. Open the dashboard and wait until its feed is live (reloading while the app's consumer
    //    is still positioning; bounded).
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    boolean live = false;
    for (int attempt = 0; attempt < 10 && !live; attempt++) {
      openSignedIn();
      live = waitForText(By.id("feed-status"), "live", Duration.ofSeconds(10));
    }
    assertThat(live).as("dashboard feed went live").isTrue();
    // 2. Produce a violation on trace.violations.v1, as the gate does.
    String id = UUID.randomUUID().toString();
    Violation violation =
        Violation.newBuilder()
            .setViolationId(UUID.fromString(id))
            .setSerial("LIVE-" + RUN)
            .setPlant("P1")
            .setStation("ST-LIVE")
            .setCode(ViolationCode.TOLERANCE_BREACH)
            .setSeverity(Severity.MAJOR)
            .setDetail("torque 14.2 Nm above USL 12.0")
            .setDetectedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
            .build();
    try (KafkaProducer<String, Object> producer = ViolationProducer.open(stack)) {
      producer
          .send(new ProducerRecord<>(ApiStackResource.VIOLATIONS_TOPIC, "LIVE-" + RUN, violation))
          .get(30, TimeUnit.SECONDS);
    }
    // 3. Its row appears at the top of the live table, no reload.
    By row = By.cssSelector("tr[data-violation-id='" + id + "']");
    wait.until(ExpectedConditions.presenceOfElementLocated(row));
    assertThat(browser.findElement(row).getText()).contains("LIVE-" + RUN, "TOLERANCE_BREACH");
  }

  @Test
  void unitLookupShowsItsRecord(StackEndpoints stack) {
    // 1. A unit with a three-entry record.
    String serial = "DASH-" + RUN;
    Rows.RecordBuilder record = new Rows.RecordBuilder(serial, "P1");
    Instant t0 = Instant.parse("2026-03-10T08:00:00Z");
    record.add(
        "UnitStarted",
        null,
        "ST-1",
        "op1",
        t0,
        t0,
        "{\"product\": \"PUMP\"," + " \"workOrder\": \"WO-9\"}");
    record.add(
        "StepStarted",
        "torque",
        "ST-1",
        "op1",
        t0.plusSeconds(5),
        t0.plusSeconds(5),
        "{\"stepId\": \"torque\"}");
    record.add(
        "StepCompleted",
        "torque",
        "ST-1",
        "op1",
        t0.plusSeconds(9),
        t0.plusSeconds(9),
        "{\"stepId\": \"torque\"}");
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    db.insert("unit_records", record.rows());
    db.insert("units", List.of(Rows.unit(serial, "P1", "PUMP", "IN_WORK", t0, record.head(), 1)));
    // 2. Look it up on the dashboard.
    openSignedIn();
    browser.findElement(By.id("unit-serial")).sendKeys(serial);
    browser.findElement(By.cssSelector("#unit-form button")).click();
    // 3. The record and its chain check are shown.
    new WebDriverWait(browser, WAIT)
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("unit-chain"), "Hash chain intact"));
    assertThat(browser.findElement(By.id("unit-summary")).getText()).contains(serial, "PUMP");
    assertThat(browser.findElements(By.cssSelector("#unit-record tbody tr"))).hasSize(3);
    // 4. Each entry's time with its date and zone (the browser runs in Los Angeles).
    assertThat(
            browser.findElement(By.cssSelector("#unit-record tbody tr td:nth-child(2)")).getText())
        .isEqualTo("2026-03-10 08:00:00 UTC");
  }

  @Test
  void violationsShowTheirDateTimeInUtcAndTheirStatus(StackEndpoints stack) {
    // 1. Two P1 violations newer than any other test's: one open, one dispositioned.
    String open = UUID.randomUUID().toString();
    String closed = UUID.randomUUID().toString();
    Instant detected = Instant.parse("2099-12-07T14:03:05.123456Z");
    TraceDatabase db = new TraceDatabase(stack, TraceDatabase.NAME);
    db.insert(
        "violations",
        List.of(
            Rows.openViolation(open, "TZ-" + RUN, "P1", "ST-TZ", "LATE_ENTRY", detected),
            Rows.violation(
                closed,
                "TZ-" + RUN,
                "P1",
                "ST-TZ",
                "TOLERANCE_BREACH",
                detected.minusSeconds(60),
                null,
                null,
                null,
                12.5,
                5.0,
                12.0,
                Rows.disposition(
                    "USE_AS_IS",
                    "qa-1",
                    "Dana Weber",
                    "within drawing note 4",
                    detected.plusSeconds(600),
                    UUID.randomUUID().toString()))));
    // 2. The dashboard lists them (recent violations) in a browser set to Los Angeles, en-US.
    openSignedIn();
    By openRow = By.cssSelector("tr[data-violation-id='" + open + "']");
    By closedRow = By.cssSelector("tr[data-violation-id='" + closed + "']");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(closedRow));
    // 3. Date, time and zone, not the browser's local 12-hour time; each row says its status.
    assertThat(cells(openRow)).first().isEqualTo("2099-12-07 14:03:05 UTC");
    assertThat(cells(openRow)).contains("OPEN").noneMatch(c -> c.matches(".*\\b(AM|PM)\\b.*"));
    assertThat(cells(closedRow)).first().isEqualTo("2099-12-07 14:02:05 UTC");
    assertThat(cells(closedRow)).anyMatch(c -> c.startsWith("DISPOSITIONED"));
    assertThat(browser.findElement(By.cssSelector("#live thead")).getText()).contains("Status");
  }

  private List<String> cells(By row) {
    return browser.findElement(row).findElements(By.tagName("td")).stream()
        .map(org.openqa.selenium.WebElement::getText)
        .toList();
  }

  /** Opens the page and pastes a token, as a developer does (it stays in sessionStorage). */
  private void openSignedIn() {
    browser.get(base() + "/");
    browser
        .findElement(By.id("token-input"))
        .sendKeys(Tokens.token("dash-quality", Set.of(Role.QUALITY), Set.of("P1")));
    browser.findElement(By.id("token-save")).click();
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.textToBePresentInElementLocated(By.id("token-who"), "P1"));
  }

  private boolean waitForText(By locator, String text, Duration timeout) {
    try {
      new WebDriverWait(browser, timeout)
          .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
      return true;
    } catch (org.openqa.selenium.TimeoutException e) {
      return false;
    }
  }

  private static String base() {
    return "http://localhost:" + RestAssured.port;
  }
}
