package io.serialtrace.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/**
 * Every record, enum and field carries a doc: the schemas are the contract read by the gate, the
 * sink, the API and analysts, and the registry shows these docs.
 */
class SchemaDocumentationTest {

  @Test
  void everyRecordEnumAndFieldHasADoc() {
    // 1. Parse the current schemas, top-level ones and the types they share.
    SchemaDirectory current = SchemaDirectory.load(SchemaDirectory.CURRENT);
    assertThat(current.topLevel()).as("top-level schemas under src/main/avro").isNotEmpty();
    List<Schema> roots = new ArrayList<>(current.topLevel().values());
    roots.addAll(current.namedTypes());

    // 2. Nothing is undocumented, nested types included.
    assertThat(undocumented(roots)).isEmpty();
  }

  @Test
  void reportsRecordFieldAndEnumWithoutDoc() {
    // 1. A record with a bare field and a bare nested enum, next to a documented field.
    Schema bare =
        SchemaBuilder.record("Bare")
            .namespace("io.serialtrace.schemas")
            .fields()
            .name("documented")
            .doc("Has a doc.")
            .type()
            .stringType()
            .noDefault()
            .requiredString("naked")
            .name("kind")
            .doc("Has a doc; its enum has none.")
            .type()
            .enumeration("Kind")
            .symbols("A", "B")
            .noDefault()
            .endRecord();

    // 2. Each gap is named; the documented field is not.
    assertThat(undocumented(List.of(bare)))
        .containsExactlyInAnyOrder(
            "record io.serialtrace.schemas.Bare",
            "field io.serialtrace.schemas.Bare.naked",
            "enum io.serialtrace.schemas.Kind");
  }

  /** Walks the schemas and everything they reach; returns each named type or field lacking doc. */
  static List<String> undocumented(Collection<Schema> roots) {
    List<String> missing = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    Deque<Schema> pending = new ArrayDeque<>(roots);
    while (!pending.isEmpty()) {
      Schema schema = pending.pop();
      switch (schema.getType()) {
        case RECORD -> {
          if (visited.add(schema.getFullName())) {
            requireDoc(schema.getDoc(), "record " + schema.getFullName(), missing);
            for (Schema.Field field : schema.getFields()) {
              requireDoc(
                  field.doc(), "field " + schema.getFullName() + "." + field.name(), missing);
              pending.push(field.schema());
            }
          }
        }
        case ENUM, FIXED -> {
          if (visited.add(schema.getFullName())) {
            String kind = schema.getType().getName();
            requireDoc(schema.getDoc(), kind + " " + schema.getFullName(), missing);
          }
        }
        case ARRAY -> pending.push(schema.getElementType());
        case MAP -> pending.push(schema.getValueType());
        case UNION -> schema.getTypes().forEach(pending::push);
        default -> {
          // Primitives carry no doc of their own; the field holding them does.
        }
      }
    }
    return missing;
  }

  private static void requireDoc(String doc, String what, List<String> missing) {
    if (doc == null || doc.isBlank()) {
      missing.add(what);
    }
  }
}
