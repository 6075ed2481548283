package io.serialtrace.schemas;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a schema may replace its last released version under the registry's BACKWARD
 * rule: a consumer built on the current schema (reader) must read every record written with the
 * released one (writer). Uses Avro's own {@link SchemaCompatibility}, the check Apicurio applies.
 */
final class SchemaCompatibilityGate {

  private SchemaCompatibilityGate() {}

  /** The outcome for one top-level schema. */
  sealed interface Verdict {

    /** Full name of the schema judged. */
    String schemaName();

    /** Whether the change may be released. */
    boolean passes();

    /** One line for a test report. */
    String describe();
  }

  /** The current schema reads everything the released one wrote. */
  record Compatible(String schemaName) implements Verdict {
    @Override
    public boolean passes() {
      return true;
    }

    @Override
    public String describe() {
      return schemaName + ": backward compatible with the released copy";
    }
  }

  /** Never released: nothing written with an older version can exist. */
  record NewSchema(String schemaName) implements Verdict {
    @Override
    public boolean passes() {
      return true;
    }

    @Override
    public String describe() {
      return schemaName + ": new, no released copy yet";
    }
  }

  /** The current schema cannot read data written with the released one. */
  record Incompatible(String schemaName, List<String> problems) implements Verdict {
    @Override
    public boolean passes() {
      return false;
    }

    @Override
    public String describe() {
      return schemaName + ": not backward compatible: " + String.join("; ", problems);
    }
  }

  /** Released but gone: its topic's data could no longer be read. */
  record Removed(String schemaName) implements Verdict {
    @Override
    public boolean passes() {
      return false;
    }

    @Override
    public String describe() {
      return schemaName + ": released but no longer defined under src/main/avro";
    }
  }

  /**
   * Judges one schema.
   *
   * @param current the schema as it is now, empty if it was deleted
   * @param released its last released version, empty if it was never released
   */
  static Verdict check(String schemaName, Optional<Schema> current, Optional<Schema> released) {
    if (current.isEmpty() && released.isEmpty()) {
      throw new IllegalArgumentException(schemaName + " is neither current nor released");
    }
    if (released.isEmpty()) {
      return new NewSchema(schemaName);
    }
    if (current.isEmpty()) {
      return new Removed(schemaName);
    }
    SchemaPairCompatibility result =
        SchemaCompatibility.checkReaderWriterCompatibility(current.get(), released.get());
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return new Compatible(schemaName);
    }
    List<String> problems =
        result.getResult().getIncompatibilities().stream()
            .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
            .toList();
    return new Incompatible(schemaName, problems);
  }

  /** Judges the current top-level schemas against the released ones, one verdict per name. */
  static List<Verdict> checkAll(SchemaDirectory current, SchemaDirectory released) {
    SortedSet<String> names = new TreeSet<>(current.topLevel().keySet());
    names.addAll(released.topLevel().keySet());
    return names.stream()
        .map(
            name ->
                check(
                    name,
                    Optional.ofNullable(current.topLevel().get(name)),
                    Optional.ofNullable(released.topLevel().get(name))))
        .toList();
  }
}
