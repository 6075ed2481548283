package io.serialtrace.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.schemas.ProductionEvent;
import io.serialtrace.schemas.record.RecordHasher;
import io.serialtrace.stack.RepositoryHome;
import io.serialtrace.stack.StackEndpoints;
import io.serialtrace.stack.StackSetting;
import io.serialtrace.stack.StackSettings;
import io.serialtrace.stack.audit.VerifyRecord;
import io.serialtrace.stack.auth.CheckpointKeys;
import io.serialtrace.stack.junit.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, acceptance 1: a record rewritten in ClickHouse by someone who may write it — one event
 * edited, its hash and every later hash recomputed, the published head updated — passes the chain
 * check, but disagrees with the checkpoints the real gate signed: trace-api reports it not anchored
 * and names the rewritten seq, and the offline verifier says the same from the export.
 */
@ExtendWith(LocalStackExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class AnchoredRecordIT {
  private static final String DATABASE = "trace";
  private static final int REWRITTEN_SEQ = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static PipelineServices services;
  private static StationClient station;
  private static SimIdentity identity;
  private static StackEndpoints stack;

  @TempDir Path dir;

  @BeforeAll
  static void startServices(StackEndpoints endpoints) throws Exception {
    stack = endpoints;
    services = PipelineServices.acquireWithRoutes(stack);
    identity = new SimIdentity(StackSettings.forTests(RepositoryHome.find()));
    station = services.station(stack, identity);
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (station != null) {
      station.close();
    }
    if (services != null) {
      services.close();
    }
  }

  @Test
  void aRecordRewrittenWithEveryHashRecomputedIsNotAnchoredAndNamesTheRewrittenSeq()
      throws Exception {
    // 1. A unit built to completion through the real pipeline.
    String serial = "ANCHOR-" + UUID.randomUUID();
    SimStats stats = new SimStats();
    String status =
        new UnitRun(
                new OnePlant(),
                serial,
                Optional.empty(),
                Instant.now().plus(Duration.ofMinutes(4)),
                station,
                identity,
                stats)
            .run();
    // Every step was accepted (a refusal would say where); the gate's view may lag the completion.
    assertThat(status).as(stats.line(0) + " " + stats.stoppedBy).isIn("COMPLETED", "IN_WORK");

    // 2. Positive control: once stored and checkpointed, the record is anchored and the offline
    //    verifier verifies its export.
    JsonNode before =
        awaitRecord(
            serial,
            r ->
                r.path("unit").path("state").asText().equals("COMPLETED")
                    && r.path("anchor").path("anchored").asBoolean());
    assertThat(before.path("chain").path("intact").asBoolean()).isTrue();
    long records = before.path("entries").size();
    assertThat(records).isGreaterThan(REWRITTEN_SEQ);
    Verified offlineBefore = verifyOffline(serial);
    assertThat(offlineBefore.status()).as(offlineBefore.output()).isZero();
    assertThat(offlineBefore.output()).contains("VERIFIED");

    // 3. The administrator's rewrite: seq 3's actor changed in the event bytes and the column,
    //    its hash and every later prevHash/recordHash recomputed, the published head updated.
    rewriteConsistently(serial, REWRITTEN_SEQ, "op-forged");

    // 4. The chain check cannot tell (this is what the anchor is for) …
    JsonNode after =
        awaitRecord(
            serial,
            r ->
                r.path("entries")
                    .get(REWRITTEN_SEQ - 1)
                    .path("actor")
                    .asText()
                    .equals("op-forged"));
    assertThat(after.path("chain").path("intact").asBoolean()).as(after.toString()).isTrue();
    assertThat(after.path("chain").path("fullyVerified").asBoolean()).isTrue();

    // 5. … the checkpoints can: not anchored, the rewritten seq named with its checkpoint.
    JsonNode anchor = after.path("anchor");
    assertThat(anchor.path("anchored").asBoolean()).as(anchor.toString()).isFalse();
    assertThat(anchor.path("status").asText()).isEqualTo("DISAGREES");
    assertThat(anchor.path("disagreesAtSeq").asLong()).isEqualTo(REWRITTEN_SEQ);
    String checkpointId = anchor.path("checkpointId").asText();
    assertThat(checkpointId).matches("p\\d+-\\d+");

    // 6. The offline verifier, from the export and the public key alone, says the same.
    Verified offline = verifyOffline(serial);
    assertThat(offline.status()).as(offline.output()).isEqualTo(1);
    assertThat(offline.output())
        .contains("chain: intact")
        .contains("disagrees with checkpoint " + checkpointId + " at seq " + REWRITTEN_SEQ)
        .contains("NOT VERIFIED");
  }

  /** What {@code ./trace verify-record} printed and returned for the unit's export. */
  private record Verified(int status, String output) {}

  private Verified verifyOffline(String serial) throws Exception {
    Path export = dir.resolve(serial + "-" + System.nanoTime() + ".json");
    Files.writeString(export, get("/v1/units/" + serial + "/record/export").body());
    Path key =
        CheckpointKeys.in(StackSettings.forTests(RepositoryHome.find()).authDir())
            .verificationKeyFile();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status =
        VerifyRecord.run(
            List.of(export.toString(), "--key", CheckpointKeys.KEY_ID + "=" + key),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return new Verified(status, out.toString(StandardCharsets.UTF_8));
  }

  /** Rewrites the unit's record from {@code seq} on as an administrator can: consistently. */
  private static void rewriteConsistently(String serial, int seq, String actor) throws Exception {
    List<String[]> rows = new ArrayList<>();
    for (String line :
        sql("SELECT seq, prev_hash, record_hash, hex(event_avro) FROM "
                + DATABASE
                + ".unit_records WHERE serial = '"
                + serial
                // Append-only (V006): identical copies of a row collapse to one per seq.
                + "' ORDER BY seq LIMIT 1 BY seq FORMAT TSV")
            .strip()
            .split("\n")) {
      rows.add(line.split("\t"));
    }
    HexFormat hex = HexFormat.of();
    String prev = rows.get(seq - 2)[2];
    for (String[] row : rows.subList(seq - 1, rows.size())) {
      long at = Long.parseLong(row[0]);
      byte[] event = hex.parseHex(row[3].toLowerCase());
      String set;
      if (at == seq) {
        ProductionEvent edited = decode(event);
        edited.setActor(actor);
        event = RecordHasher.canonicalEventBytes(edited);
        set = "actor = '" + actor + "', event_avro = unhex('" + hex.formatHex(event) + "'), ";
      } else {
        set = "";
      }
      String hash = RecordHasher.hash(serial, at, prev, event);
      sql(
          "ALTER TABLE "
              + DATABASE
              + ".unit_records UPDATE "
              + set
              + "prev_hash = '"
              + prev
              + "', record_hash = '"
              + hash
              + "' WHERE serial = '"
              + serial
              + "' AND seq = "
              + at
              + " SETTINGS mutations_sync = 2");
      prev = hash;
    }
    sql(
        "ALTER TABLE "
            + DATABASE
            + ".units UPDATE record_head = '"
            + prev
            + "' WHERE serial = '"
            + serial
            + "' SETTINGS mutations_sync = 2");
  }

  private static ProductionEvent decode(byte[] event) throws Exception {
    return new SpecificDatumReader<>(ProductionEvent.class)
        .read(null, DecoderFactory.get().binaryDecoder(event, null));
  }

  /** A statement as the ClickHouse owner (the administrator), over HTTP. */
  private static String sql(String statement) throws Exception {
    String auth =
        Base64.getEncoder()
            .encodeToString(
                (stack.clickhouseUser() + ":" + stack.clickhousePassword())
                    .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.clickhouseUrl() + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + auth)
                .POST(HttpRequest.BodyPublishers.ofString(statement))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(statement + " → " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(services.url(StackSetting.API_PORT) + path))
                .timeout(Duration.ofSeconds(10))
                // trace-api's reader: quality + auditor + admin, plants P1..P4.
                .header("Authorization", "Bearer " + identity.reader())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
    return response;
  }

  /** The unit's record once it satisfies {@code ready} (the sink and the checkpoints lag). */
  private static JsonNode awaitRecord(String serial, Predicate<JsonNode> ready) throws Exception {
    Instant until = Instant.now().plus(Duration.ofMinutes(2));
    String last = "no answer";
    while (Instant.now().isBefore(until)) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          services.url(StackSetting.API_PORT)
                              + "/v1/units/"
                              + URLEncoder.encode(serial, StandardCharsets.UTF_8)
                              + "/record"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + identity.reader())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        JsonNode record = StationClient.JSON.readTree(response.body());
        if (ready.test(record)) {
          return record;
        }
      }
      last = response.statusCode() + " " + response.body();
      Thread.sleep(1_000);
    }
    throw new AssertionError("the record of " + serial + " never got ready: " + last);
  }

  /** Plant P2 building the final assembly, every part fresh. */
  private static final class OnePlant implements UnitRun.Plant {
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public String id() {
      return "P2";
    }

    @Override
    public List<String> stations() {
      return List.of("FA-100", "FA-200", "FA-300");
    }

    @Override
    public SeedRoutes.Product product() {
      return SeedRoutes.FINAL;
    }

    @Override
    public String lot(String part) {
      return "LOT-" + part + "-" + run;
    }

    @Override
    public String componentSerial(String part) {
      return part + "-" + run + "-" + UUID.randomUUID();
    }

    @Override
    public Optional<String> usedSerial(String part) {
      return Optional.empty();
    }

    @Override
    public String subAssembly() {
      return "IP-200-SUB-EXT-" + run + "-" + UUID.randomUUID();
    }

    @Override
    public void finished(String serial, String status, boolean clean) {}
  }
}
