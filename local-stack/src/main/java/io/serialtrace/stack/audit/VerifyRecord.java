package io.serialtrace.stack.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.serialtrace.schemas.anchor.KeyRing;
import io.serialtrace.schemas.anchor.RecordExport;
import io.serialtrace.schemas.anchor.UnitAnchor;
import io.serialtrace.schemas.record.RecordHasher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./trace verify-record EXPORT --key ID=PEM [--key ID=PEM…]}: the auditor's offline check of
 * a record export (trace-api {@code GET /v1/units/{serial}/record/export}) with nothing but the
 * checkpoint signers' public keys — no database, no broker, no trace-api. The checks are the
 * schemas module's ({@link RecordExport#verify}), the same code trace-api answers with.
 */
public final class VerifyRecord {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private VerifyRecord() {}

  /** Exit status 0 when verified, 1 when not, 2 on a usage error. */
  public static int run(List<String> args, PrintStream out) throws IOException {
    Path export = null;
    Map<String, Path> keys = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--key") && i + 1 < args.size()) {
        String[] idAndPath = args.get(++i).split("=", 2);
        if (idAndPath.length != 2 || idAndPath[0].isBlank()) {
          throw new IllegalArgumentException("--key takes ID=PEM-FILE, was " + args.get(i));
        }
        keys.put(idAndPath[0], Path.of(idAndPath[1]));
      } else if (!arg.startsWith("--") && export == null) {
        export = Path.of(arg);
      } else {
        throw new IllegalArgumentException(
            "usage: ./trace verify-record EXPORT.json --key ID=PUBLIC-KEY.pem [--key …]");
      }
    }
    if (export == null || keys.isEmpty()) {
      throw new IllegalArgumentException(
          "usage: ./trace verify-record EXPORT.json --key ID=PUBLIC-KEY.pem [--key …]");
    }
    RecordExport record = JSON.readValue(export.toFile(), RecordExport.class);
    if (!RecordExport.FORMAT.equals(record.format())) {
      throw new IllegalArgumentException(
          export + " is not a record export (format " + record.format() + ")");
    }
    RecordExport.Verification result = record.verify(KeyRing.fromFiles(keys));
    out.println(
        "unit "
            + record.serial()
            + ": "
            + record.records().size()
            + " records, "
            + record.proofs().size()
            + " inclusion proofs, exported "
            + record.exportedAt());
    out.println("chain: " + describe(result.chain()));
    out.println("anchor: " + describe(result.anchor()));
    out.println(result.verified() ? "VERIFIED" : "NOT VERIFIED");
    return result.verified() ? 0 : 1;
  }

  private static String describe(RecordHasher.Verification chain) {
    return switch (chain) {
      case RecordHasher.Verification.Intact i ->
          "intact, " + i.count() + " records, every hash recomputed, head " + i.head();
      case RecordHasher.Verification.Broken b -> "broken at seq " + b.seq() + ": " + b.reason();
    };
  }

  private static String describe(UnitAnchor.Verdict anchor) {
    return switch (anchor) {
      case UnitAnchor.Anchored a ->
          "anchored by checkpoints " + String.join(", ", a.checkpointIds());
      case UnitAnchor.Disagrees d ->
          "disagrees with checkpoint "
              + d.checkpointId()
              + " at seq "
              + d.seq()
              + " ("
              + d.reason()
              + ")";
      case UnitAnchor.NotYetAnchored n ->
          "not anchored from seq " + n.seq() + " (in no checkpoint signed by a key given)";
    };
  }
}
