package io.serialtrace.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.schemas.topics.RecordFormat;
import io.serialtrace.schemas.topics.TraceTopic;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The topic registry and the schema folder agree on what travels on the pipeline's topics. */
class TopicValueSchemasTest {

  @Test
  void everyTopLevelSchemaIsATopicsValueAndEveryAvroValueIsATopLevelSchema() {
    // 1. the Avro value classes the registry names, by their schema's full name
    var avroValues =
        Arrays.stream(TraceTopic.values())
            .map(TraceTopic::value)
            .filter(RecordFormat.Avro.class::isInstance)
            .map(format -> ((RecordFormat.Avro) format).type().getName())
            .distinct()
            .toList();

    // 2. exactly the top-level schemas of src/main/avro
    assertThat(avroValues)
        .containsExactlyInAnyOrderElementsOf(
            SchemaDirectory.load(SchemaDirectory.CURRENT).topLevel().keySet());
  }
}
