package io.serialtrace.support.registry;

import io.apicurio.registry.serde.avro.AvroDatumProvider;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's {@link DefaultAvroDatumProvider} with its datum readers and writers cached by schema
 * instance. The default one (serde 3.1.7) computes {@code SchemaNormalization.parsingFingerprint64}
 * of the schema on every record it writes or reads, to find its cached reader or writer: about a
 * fifth of the gate's per-event time and a third of the sink's per-record time in their profiles
 * (upstream fixed it in 3.2.5/3.3.0, PR #8135, a serde not served here). A record's schema is the
 * same instance each time — the generated class's {@code SCHEMA$} when writing, the resolver's
 * cached parse of a schema id when reading — so a map keyed by identity finds it without hashing
 * the schema; the fingerprint is computed once per instance, by the delegate. Named in the serde
 * configuration ({@value AvroSerdeConfig#AVRO_DATUM_PROVIDER}) of every serde {@link
 * BoundedRegistry} builds; Apicurio instantiates it by its no-argument constructor.
 */
public final class CachingAvroDatumProvider<T> implements AvroDatumProvider<T> {

  /** Enough for every schema a service reads or writes; past it nothing more is cached. */
  private static final int MAX_SCHEMAS = 256;

  private final DefaultAvroDatumProvider<T> delegate = new DefaultAvroDatumProvider<>();
  private final Map<Schema, DatumWriter<T>> specificWriters = byIdentity();
  private final Map<Schema, DatumWriter<T>> genericWriters = byIdentity();
  private final Map<Schema, DatumReader<T>> readers = byIdentity();

  @Override
  public void configure(AvroSerdeConfig config) {
    delegate.configure(config);
  }

  @Override
  public DatumWriter<T> createDatumWriter(T data, Schema schema) {
    Map<Schema, DatumWriter<T>> writers =
        data instanceof org.apache.avro.specific.SpecificRecord ? specificWriters : genericWriters;
    DatumWriter<T> writer = writers.get(schema);
    if (writer == null) {
      writer = delegate.createDatumWriter(data, schema);
      if (writers.size() < MAX_SCHEMAS) {
        writers.put(schema, writer);
      }
    }
    return writer;
  }

  @Override
  public DatumReader<T> createDatumReader(Schema schema) {
    DatumReader<T> reader = readers.get(schema);
    if (reader == null) {
      reader = delegate.createDatumReader(schema);
      if (readers.size() < MAX_SCHEMAS) {
        readers.put(schema, reader);
      }
    }
    return reader;
  }

  @Override
  public Schema toSchema(T data) {
    return delegate.toSchema(data);
  }

  /**
   * Keyed by instance, not by {@code Schema.equals} (which compares whole schemas); synchronized,
   * since a serde may serve several threads (a stream thread and an interactive query's).
   */
  private static <V> Map<Schema, V> byIdentity() {
    return Collections.synchronizedMap(new IdentityHashMap<>());
  }
}
