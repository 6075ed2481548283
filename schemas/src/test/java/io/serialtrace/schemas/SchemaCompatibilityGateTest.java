package io.serialtrace.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.SchemaCompatibilityGate.Compatible;
import io.serialtrace.schemas.SchemaCompatibilityGate.Incompatible;
import io.serialtrace.schemas.SchemaCompatibilityGate.NewSchema;
import io.serialtrace.schemas.SchemaCompatibilityGate.Removed;
import io.serialtrace.schemas.SchemaCompatibilityGate.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate itself: it must refuse the changes that break old data, and only those. */
class SchemaCompatibilityGateTest {

  private static final String VIOLATION = "io.serialtrace.schemas.Violation";

  private static Schema releasedViolation;

  @BeforeAll
  static void loadReleasedViolation() {
    releasedViolation = SchemaDirectory.load(SchemaDirectory.RELEASED).topLevel().get(VIOLATION);
    assertThat(releasedViolation).as("released copy of " + VIOLATION).isNotNull();
  }

  @Test
  void rejectsAddedFieldWithoutDefault() {
    // 1. The current schema gains a required field old records do not carry.
    Schema current =
        withExtraField(
            releasedViolation,
            new Schema.Field("shift", Schema.create(Schema.Type.STRING), "Shift of detection."));

    // 2. A reader on it cannot fill the field from released data.
    Verdict verdict = check(current);

    assertThat(verdict).isInstanceOf(Incompatible.class);
    assertThat(((Incompatible) verdict).problems())
        .anySatisfy(
            problem -> assertThat(problem).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "shift"));
  }

  @Test
  void acceptsAddedFieldWithDefault() {
    // 1. The same field, with a default the reader uses for old records.
    Schema current =
        withExtraField(
            releasedViolation,
            new Schema.Field(
                "shift", Schema.create(Schema.Type.STRING), "Shift of detection.", "unknown"));

    // 2. Old records stay readable.
    assertThat(check(current)).isEqualTo(new Compatible(VIOLATION));
  }

  @Test
  void rejectsRemovedEnumSymbol() {
    // 1. ViolationCode loses UNIT_CLOSED, which released records may hold.
    Schema code = releasedViolation.getField("code").schema();
    List<String> fewerSymbols = new ArrayList<>(code.getEnumSymbols());
    assertThat(fewerSymbols.remove("UNIT_CLOSED")).isTrue();
    Schema narrowed =
        Schema.createEnum(code.getName(), code.getDoc(), code.getNamespace(), fewerSymbols);
    Schema current = withFieldType(releasedViolation, "code", narrowed);

    // 2. A reader on it has no symbol for such a record.
    Verdict verdict = check(current);

    assertThat(verdict).isInstanceOf(Incompatible.class);
    assertThat(((Incompatible) verdict).problems())
        .anySatisfy(problem -> assertThat(problem).contains("MISSING_ENUM_SYMBOLS", "UNIT_CLOSED"));
  }

  @Test
  void acceptsAddedEnumSymbol() {
    // 1. ViolationCode gains a symbol no released record can hold.
    Schema code = releasedViolation.getField("code").schema();
    List<String> moreSymbols = new ArrayList<>(code.getEnumSymbols());
    moreSymbols.add("OPERATOR_NOT_QUALIFIED");
    Schema widened =
        Schema.createEnum(code.getName(), code.getDoc(), code.getNamespace(), moreSymbols);

    // 2. Every released symbol is still known to the reader.
    assertThat(check(withFieldType(releasedViolation, "code", widened)))
        .isEqualTo(new Compatible(VIOLATION));
  }

  @Test
  void passesSchemaWithoutReleasedCopyAsNew() {
    Verdict verdict =
        SchemaCompatibilityGate.check(VIOLATION, Optional.of(releasedViolation), Optional.empty());

    assertThat(verdict).isEqualTo(new NewSchema(VIOLATION));
    assertThat(verdict.passes()).isTrue();
  }

  @Test
  void failsReleasedSchemaThatDisappeared() {
    Verdict verdict =
        SchemaCompatibilityGate.check(VIOLATION, Optional.empty(), Optional.of(releasedViolation));

    assertThat(verdict).isEqualTo(new Removed(VIOLATION));
    assertThat(verdict.passes()).isFalse();
  }

  @Test
  void judgesEveryNameOfEitherSideOnce() {
    // 1. Current has Violation and a new schema; released has Violation and a deleted one.
    Schema added = Schema.createRecord("Added", "New.", "io.serialtrace.schemas", false, List.of());
    Schema gone = Schema.createRecord("Gone", "Old.", "io.serialtrace.schemas", false, List.of());
    SchemaDirectory current =
        new SchemaDirectory(
            Map.of(VIOLATION, releasedViolation, added.getFullName(), added), List.of());
    SchemaDirectory released =
        new SchemaDirectory(
            Map.of(VIOLATION, releasedViolation, gone.getFullName(), gone), List.of());

    // 2. One verdict per name, in name order.
    assertThat(SchemaCompatibilityGate.checkAll(current, released))
        .containsExactly(
            new NewSchema("io.serialtrace.schemas.Added"),
            new Removed("io.serialtrace.schemas.Gone"),
            new Compatible(VIOLATION));
  }

  private static Verdict check(Schema current) {
    return SchemaCompatibilityGate.check(
        VIOLATION, Optional.of(current), Optional.of(releasedViolation));
  }

  private static Schema withExtraField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = copyFields(record);
    fields.add(extra);
    return copyRecord(record, fields);
  }

  private static Schema withFieldType(Schema record, String fieldName, Schema type) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : record.getFields()) {
      fields.add(
          field.name().equals(fieldName)
              ? new Schema.Field(field, type)
              : new Schema.Field(field, field.schema()));
    }
    return copyRecord(record, fields);
  }

  private static List<Schema.Field> copyFields(Schema record) {
    List<Schema.Field> fields = new ArrayList<>();
    record.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
    return fields;
  }

  private static Schema copyRecord(Schema record, List<Schema.Field> fields) {
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), record.isError(), fields);
  }
}
