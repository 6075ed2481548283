package io.serialtrace.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParser;
import org.apache.avro.SchemaParser.ParseResult;

/**
 * The {@code .avsc} files under one folder, parsed as one set.
 *
 * <p>Files directly in the folder are the top-level schemas (topic values); files in subfolders
 * ({@code types/}) hold named types the top-level schemas refer to by name. All files go through
 * one {@link SchemaParser}, which resolves references across files whatever the file order, as the
 * avro-maven-plugin does.
 *
 * @param topLevel the top-level schemas by full name, with every reference resolved
 * @param namedTypes every named type (record, enum, fixed) defined anywhere in the folder
 */
record SchemaDirectory(Map<String, Schema> topLevel, List<Schema> namedTypes) {

  /** Where the build reads the current schemas, relative to the module folder. */
  static final Path CURRENT = Path.of("src", "main", "avro");

  /** The last released copy of every schema, laid out like {@link #CURRENT}. */
  static final Path RELEASED = Path.of("released");

  /** Parses every {@code .avsc} under {@code root}; a missing folder is an empty set. */
  static SchemaDirectory load(Path root) {
    if (!Files.isDirectory(root)) {
      return new SchemaDirectory(Map.of(), List.of());
    }
    // 1. Parse every file; a reference to a type of a later file stays open for now.
    SchemaParser parser = new SchemaParser();
    List<ParseResult> topLevelResults = new ArrayList<>();
    for (Path file : schemaFiles(root)) {
      ParseResult result = parse(parser, file);
      if (file.getParent().equals(root)) {
        topLevelResults.add(result);
      }
    }
    // 2. Resolve the references between files; fails on a name no file defines.
    List<Schema> namedTypes = parser.getParsedNamedSchemas();
    Map<String, Schema> topLevel = new TreeMap<>();
    for (ParseResult result : topLevelResults) {
      Schema schema = parser.resolve(result);
      topLevel.put(schema.getFullName(), schema);
    }
    return new SchemaDirectory(Map.copyOf(topLevel), List.copyOf(namedTypes));
  }

  private static List<Path> schemaFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith(".avsc"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list schema files under " + root, e);
    }
  }

  private static ParseResult parse(SchemaParser parser, Path file) {
    try {
      return parser.parse(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema file " + file, e);
    }
  }
}
