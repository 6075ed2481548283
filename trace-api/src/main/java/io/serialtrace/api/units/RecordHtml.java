package io.serialtrace.api.units;

import com.fasterxml.jackson.databind.JsonNode;
import io.serialtrace.api.anchor.AnchorCheck;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The printable, human-readable copy of a unit's record (21 CFR 11.10(b)): every entry in execution
 * order with its payload, signatures with printed name, date/time and meaning, measurements beside
 * the limits in force where known, violations with dispositions, corrections beside the originals,
 * and the chain check with what it covers. Pure: no I/O.
 */
public final class RecordHtml {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private RecordHtml() {}

  public static String render(UnitRecordView view) {
    UnitSummary unit = view.unit();
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Production record ")
        .append(esc(unit.serial()))
        .append("</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#111}")
        .append("table{border-collapse:collapse;width:100%;margin:1em 0}")
        .append("th,td{border:1px solid #999;padding:4px 6px;text-align:left;vertical-align:top}")
        .append(
            "th{background:#eee}.bad{color:#a00;font-weight:bold}.ok{color:#060;font-weight:bold}")
        .append(".corr{background:#fff6d5}.hash{font-family:monospace;font-size:11px}")
        .append("@media print{body{margin:0}a{color:#000}}</style></head><body>");
    h.append("<h1>Production record — unit ").append(esc(unit.serial())).append("</h1>");
    h.append("<table id=\"unit\"><tr><th>Product</th><td>")
        .append(esc(unit.product()))
        .append("</td><th>Route revision</th><td>")
        .append(esc(unit.routeRevision()))
        .append("</td></tr><tr><th>Work order</th><td>")
        .append(esc(unit.workOrder()))
        .append("</td><th>Plant</th><td>")
        .append(esc(unit.plant()))
        .append("</td></tr><tr><th>State</th><td>")
        .append(unit.state())
        .append(" (stored: ")
        .append(esc(unit.storedStatus()))
        .append(")</td><th>Started / finished</th><td>")
        .append(time(unit.startedAt()))
        .append(" / ")
        .append(time(unit.finishedAt()))
        .append("</td></tr></table>");

    ChainCheck chain = view.chain();
    h.append("<h2>Record integrity</h2><p id=\"chain\"><span class=\"")
        .append(chain.intact() ? "ok\">Hash chain intact" : "bad\">Hash chain BROKEN")
        .append("</span>")
        .append(" — ")
        .append(chain.records())
        .append(" records (content recomputed for ")
        .append(chain.contentVerified())
        .append(chain.fullyVerified() ? ", fully verified" : "")
        .append("), head <span class=\"hash\">")
        .append(esc(chain.head()))
        .append("</span>");
    chain.brokenAtSeq().ifPresent(seq -> h.append("; breaks at seq ").append(seq));
    chain.reason().ifPresent(reason -> h.append(": ").append(esc(reason)));
    if (!chain.tamperedSeqs().isEmpty()) {
      h.append("; different rows stored for seq ")
          .append(chain.tamperedSeqs())
          .append(" (tampering: every row is listed below)");
    }
    h.append("</p><p><small>").append(esc(chain.covers())).append("</small></p>");
    AnchorCheck anchor = view.anchor();
    h.append("<p id=\"anchor\"><span class=\"")
        .append(anchor.anchored() ? "ok\">Anchored" : "bad\">NOT anchored")
        .append("</span> in the gate's signed checkpoints (")
        .append(esc(anchor.status()));
    anchor.checkpointId().ifPresent(id -> h.append(", checkpoint ").append(esc(id)));
    anchor.disagreesAtSeq().ifPresent(seq -> h.append("; disagrees at seq ").append(seq));
    anchor.unanchoredFromSeq().ifPresent(seq -> h.append("; unanchored from seq ").append(seq));
    h.append(")</p>");

    h.append("<h2>Entries in execution order</h2><table id=\"entries\"><tr><th>Seq</th>")
        .append("<th>Event time / received</th><th>Step</th><th>Event</th><th>Details</th>")
        .append("<th>Station / actor</th><th>Record hash</th></tr>");
    for (UnitRecordView.Entry entry : view.entries()) {
      boolean correction = entry.corrects().isPresent() || !entry.correctedBy().isEmpty();
      h.append("<tr")
          .append(correction ? " class=\"corr\"" : "")
          .append("><td>")
          .append(entry.seq())
          .append("</td><td>")
          .append(TIME.format(entry.eventTime()))
          .append("<br>")
          .append(TIME.format(entry.receivedTime()))
          .append(" (lag ")
          .append(entry.entryLagMillis())
          .append(" ms)</td><td>")
          .append(esc(entry.stepId().orElse("")))
          .append("</td><td>")
          .append(esc(entry.type()))
          .append("</td><td>")
          .append(details(entry, view));
      entry
          .corrects()
          .ifPresent(seq -> h.append("<br><b>Corrects entry ").append(seq).append("</b>"));
      if (!entry.correctedBy().isEmpty()) {
        h.append("<br><b>Corrected by entry ").append(entry.correctedBy()).append("</b>");
      }
      h.append("</td><td>")
          .append(esc(entry.station()))
          .append("<br>")
          .append(esc(entry.actor()))
          .append(" (")
          .append(esc(entry.actorType()))
          .append(")</td><td class=\"hash\">")
          .append(esc(entry.recordHash()))
          .append("<br>content ")
          .append(esc(entry.contentCheck()))
          .append(esc(entry.contentProblem().map(p -> ": " + p).orElse("")))
          .append("</td></tr>");
    }
    h.append("</table>");

    h.append("<h2>Violations and dispositions</h2><table id=\"violations\"><tr><th>Detected</th>")
        .append("<th>Code</th><th>Severity</th><th>Detail</th><th>Status</th>")
        .append("<th>Disposition (printed name, date/time, decision, reason)</th></tr>");
    for (ViolationView v : view.violations()) {
      h.append("<tr><td>")
          .append(TIME.format(v.detectedAt()))
          .append("</td><td>")
          .append(esc(v.code()))
          .append("</td><td>")
          .append(esc(v.severity()))
          .append("</td><td>")
          .append(esc(v.detail()))
          .append("</td><td>")
          .append(esc(v.status()))
          .append("</td><td>");
      v.disposition()
          .ifPresent(
              d ->
                  h.append(esc(d.signerName()))
                      .append(" (")
                      .append(esc(d.signerId()))
                      .append("), ")
                      .append(time(d.dispositionedAt()))
                      .append(", <b>")
                      .append(esc(d.decision()))
                      .append("</b>: ")
                      .append(esc(d.reason())));
      h.append("</td></tr>");
    }
    h.append("</table><p><small>Printed ")
        .append(TIME.format(Instant.now()))
        .append(" from the trace store.</small></p></body></html>");
    return h.toString();
  }

  private static String details(UnitRecordView.Entry entry, UnitRecordView view) {
    JsonNode p = entry.payload();
    StringBuilder d = new StringBuilder();
    switch (entry.type()) {
      case "SignatureApplied" ->
          d.append("Signed by <b>")
              .append(esc(p.path("signerName").asText()))
              .append("</b> (")
              .append(esc(p.path("signerId").asText()))
              .append(") at ")
              .append(TIME.format(entry.eventTime()))
              .append(", meaning: <b>")
              .append(esc(p.path("meaning").asText()))
              .append("</b>, method ")
              .append(esc(p.path("authMethod").asText()));
      case "MeasurementRecorded" -> {
        d.append(esc(p.path("characteristic").asText()))
            .append(" = <b>")
            .append(esc(p.path("value").asText()))
            .append(" ")
            .append(esc(p.path("unit").asText()))
            .append("</b>");
        for (ViolationView v : view.violations()) {
          if (v.eventId().equals(Optional.of(entry.eventId()))
              && v.lsl().isPresent() | v.usl().isPresent()) {
            d.append(" <span class=\"bad\">limits ")
                .append(v.lsl().map(String::valueOf).orElse("–"))
                .append(" .. ")
                .append(v.usl().map(String::valueOf).orElse("–"))
                .append(" (")
                .append(esc(v.code()))
                .append(")</span>");
          }
        }
        d.append("<br>device ")
            .append(esc(p.path("deviceId").isNull() ? "MANUAL ENTRY" : p.path("deviceId").asText()))
            .append(", calibration due ")
            .append(esc(p.path("calibrationDue").asText("–")));
      }
      default -> {
        for (Map.Entry<String, JsonNode> field : p.properties()) {
          if (field.getValue().isNull() || "stepId".equals(field.getKey())) {
            continue;
          }
          d.append(esc(field.getKey()))
              .append(": ")
              .append(
                  esc(
                      field.getValue().isTextual()
                          ? field.getValue().asText()
                          : field.getValue().toString()))
              .append("<br>");
        }
      }
    }
    return d.toString();
  }

  private static String time(Optional<Instant> instant) {
    return instant.map(TIME::format).orElse("–");
  }

  static String esc(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
