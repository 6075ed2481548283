package io.serialtrace.api.units;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.serialtrace.api.anchor.AnchorCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the record view from stored rows, one entry per distinct stored row (two for a seq that
 * was tampered with by an insert, each with its own content). Pure: no I/O.
 */
public final class RecordAssembler {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordAssembler() {}

  public static UnitRecordView assemble(
      UnitSummary unit,
      Optional<String> publishedHead,
      List<UnitStore.StoredRecord> records,
      List<ViolationView> violations,
      AnchorCheck anchor) {
    Map<String, Long> seqByEventId = new HashMap<>();
    Map<String, JsonNode> payloads = new HashMap<>();
    for (UnitStore.StoredRecord record : records) {
      seqByEventId.put(record.eventId(), record.seq());
      payloads.put(record.eventId(), parse(record.payload()));
    }
    Map<Long, List<Long>> correctedBy = new HashMap<>();
    Map<Long, Long> corrects = new HashMap<>();
    for (UnitStore.StoredRecord record : records) {
      if ("Correction".equals(record.eventType())) {
        JsonNode target = payloads.get(record.eventId()).path("correctsEventId");
        Long original = seqByEventId.get(target.asText());
        if (original != null) {
          corrects.put(record.seq(), original);
          correctedBy.computeIfAbsent(original, k -> new ArrayList<>()).add(record.seq());
        }
      }
    }
    Map<String, List<String>> violationsByEvent = new HashMap<>();
    for (ViolationView violation : violations) {
      violation
          .eventId()
          .ifPresent(
              id ->
                  violationsByEvent
                      .computeIfAbsent(id, k -> new ArrayList<>())
                      .add(violation.violationId()));
    }
    List<UnitRecordView.Entry> entries = new ArrayList<>();
    List<ChainCheck.Link> links = new ArrayList<>();
    for (UnitStore.StoredRecord r : records) {
      ContentCheck content = ContentCheck.of(r);
      links.add(new ChainCheck.Link(r.seq(), r.prevHash(), r.recordHash(), content));
      entries.add(
          new UnitRecordView.Entry(
              r.seq(),
              r.eventId(),
              r.eventType(),
              r.stepId(),
              r.plant(),
              r.station(),
              r.actor(),
              r.actorType(),
              r.eventTime(),
              r.receivedTime(),
              r.recordedAt(),
              Duration.between(r.eventTime(), r.receivedTime()).toMillis(),
              r.source(),
              r.prevHash(),
              r.recordHash(),
              content.status(),
              content instanceof ContentCheck.Mismatch m
                  ? Optional.of(m.reason())
                  : Optional.empty(),
              parse(r.payload()),
              r.rawPayload(),
              r.rawContentType(),
              Optional.ofNullable(corrects.get(r.seq())),
              List.copyOf(correctedBy.getOrDefault(r.seq(), List.of())),
              List.copyOf(violationsByEvent.getOrDefault(r.eventId(), List.of()))));
    }
    return new UnitRecordView(
        unit, entries, violations, ChainCheck.verify(links, publishedHead), anchor);
  }

  /** The stored payload text is Avro's JSON rendering; kept as text if it ever is not JSON. */
  static JsonNode parse(String payload) {
    try {
      return JSON.readTree(payload);
    } catch (Exception e) {
      return JsonNodeFactory.instance.objectNode().put("unparsed", payload);
    }
  }
}
