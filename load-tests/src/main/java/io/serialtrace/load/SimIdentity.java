package io.serialtrace.load;

import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.auth.DevIdentity;
import io.serialtrace.stack.auth.DevPlantFloor;
import io.serialtrace.stack.auth.MqttCredentials;
import io.serialtrace.stack.auth.Role;
import io.serialtrace.stack.auth.TokenRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who the simulated plant is, as the services check it: bearer tokens minted with the stack's
 * development identity (operators and devices per plant; a fresh single-use signing token per
 * signature, as a station gets by re-authenticating the signer) and the devices' MQTT passwords.
 * Thread-safe.
 */
public final class SimIdentity {
  /** Operator and device tokens outlive any run; a signing token only the signing. */
  private static final Duration WORK_TOKEN_LIFETIME = Duration.ofHours(8);

  private static final Duration SIGNING_TOKEN_LIFETIME = Duration.ofMinutes(2);

  /** The reader of the demo report: every reading role, every development plant. */
  static final String READER = "demo-auditor";

  private final DevIdentity identity;
  private final MqttCredentials mqtt;
  private final Map<String, String> workTokens = new ConcurrentHashMap<>();

  public SimIdentity(StackSettings settings) {
    this.identity = DevIdentity.in(settings.authDir());
    this.mqtt = MqttCredentials.in(settings.stateDir());
  }

  /** The token of operator {@code operator} of {@code plant}, minted once per run. */
  public String operator(String operator, String plant) {
    return workToken(operator, "Operator " + operator, Set.of(Role.OPERATOR), plant);
  }

  /**
   * The token a station screen of {@code plant} asks the gate's {@code GET /units/{serial}/state}
   * with: an operator of that plant, minted once per run.
   */
  String station(String plant) {
    return workToken("station-" + plant, "Station screen " + plant, Set.of(Role.OPERATOR), plant);
  }

  /** The token of device {@code device} of {@code plant}, minted once per run. */
  String device(String device, String plant) {
    return workToken(device, device, Set.of(Role.DEVICE), plant);
  }

  /**
   * A signing token: {@code auth_time} now (the signer just re-authenticated), a new {@code jti},
   * the printed name that goes on the signature. QA signers are quality engineers, others
   * operators.
   */
  String signing(String signer, String printedName, String plant, boolean quality) {
    Instant now = Instant.now();
    return identity.mint(
        TokenRequest.of(signer, Set.of(quality ? Role.QUALITY : Role.OPERATOR), Set.of(plant))
            .withPrintedName(printedName)
            .withLifetime(SIGNING_TOKEN_LIFETIME)
            .withAuthenticatedAt(now),
        now);
  }

  /** A reading token for trace-api: quality, auditor and admin for every development plant. */
  String reader() {
    return workTokens.computeIfAbsent(
        "reader:" + READER,
        k ->
            identity.mint(
                TokenRequest.of(
                        READER,
                        Set.of(Role.QUALITY, Role.AUDITOR, Role.ADMIN),
                        DevPlantFloor.plantIds())
                    .withPrintedName("Demo Auditor")
                    .withLifetime(WORK_TOKEN_LIFETIME),
                Instant.now()));
  }

  /** A development token for a person trying the services by hand (the demo prints it). */
  String demoToken(String subject, String printedName, String role) {
    return identity.mint(
        TokenRequest.of(subject, Set.of(Role.fromClaim(role)), DevPlantFloor.plantIds())
            .withPrintedName(printedName)
            .withLifetime(WORK_TOKEN_LIFETIME),
        Instant.now());
  }

  /** Where the devices' MQTT passwords are kept (one {@code <device>.password} each). */
  java.nio.file.Path mqttPasswordDirectory() {
    return mqtt.directory();
  }

  /** The MQTT password of a device (from the stack's secrets). */
  String mqttPassword(String device) {
    return mqtt.passwordOf(device);
  }

  /** The station a device works at in a plant, per the development plant floor. */
  static Optional<String> stationOf(String plant, String device) {
    return DevPlantFloor.plant(plant)
        .flatMap(
            p ->
                p.devices().stream()
                    .filter(d -> d.id().equals(device))
                    .map(DevPlantFloor.Device::station)
                    .findFirst());
  }

  private String workToken(String subject, String name, Set<Role> roles, String plant) {
    return workTokens.computeIfAbsent(
        subject + "@" + plant,
        k ->
            identity.mint(
                TokenRequest.of(subject, roles, Set.of(plant))
                    .withPrintedName(name)
                    .withLifetime(WORK_TOKEN_LIFETIME),
                Instant.now()));
  }
}
