package io.serialtrace.load.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders a {@link BenchReport} as the {@code results/<date>.json} document. */
public final class BenchJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchJson() {}

  /** The report as a JSON tree (field order fixed, numbers unrounded). */
  public static ObjectNode tree(BenchReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("startedAt", report.startedAt().toString());
    root.put("wallTimeSeconds", report.wallTime().toMillis() / 1000.0);
    root.put("mode", report.mode().name().toLowerCase(java.util.Locale.ROOT));
    root.put("command", report.command());
    Machine m = report.machine();
    ObjectNode machine = root.putObject("machine");
    machine.put("cores", m.cores());
    machine.put("memoryMiB", m.memoryMiB());
    machine.put("jdk", m.jdk());
    machine.put("os", m.os());
    machine.put("commit", m.commit());
    machine.put("loadAverageBefore", m.loadBefore());
    machine.put("loadAverageAfter", m.loadAfter());
    ObjectNode settings = root.putObject("settings");
    report.settings().forEach(settings::put);
    ArrayNode rows = root.putArray("rows");
    for (Row row : report.rows()) {
      ObjectNode r = rows.addObject();
      r.put("section", row.section());
      r.put("measurement", row.measurement());
      r.put("value", row.figure().value());
      r.put("unit", row.figure().unit());
      switch (row.baseline()) {
        case Baseline.Measured measured -> {
          r.put("baseline", measured.what());
          r.put("baselineValue", measured.figure().value());
          r.put("baselineUnit", measured.figure().unit());
        }
        case Baseline.NotMeasured none -> r.put("noBaseline", none.why());
      }
      row.ratio().ifPresent(ratio -> r.put("ratio", ratio));
      r.put("method", row.method());
    }
    ArrayNode memory = root.putArray("memory");
    for (ServiceMemory s : report.memory()) {
      ObjectNode e = memory.addObject();
      e.put("service", s.service());
      e.put("pid", s.pid());
      e.put("heapUsedMiB", s.heapUsedMiB());
      e.put("heapCommittedMiB", s.heapCommittedMiB());
      e.put("rssMiB", s.rssMiB());
      e.put("maxHeap", s.maxHeap());
    }
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    return root;
  }

  /** The report as indented JSON text. */
  public static String text(BenchReport report) {
    try {
      return JSON.writeValueAsString(tree(report)) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}
