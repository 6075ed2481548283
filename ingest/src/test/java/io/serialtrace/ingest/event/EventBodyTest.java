package io.serialtrace.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.serialtrace.ingest.event.EventBody.Content;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventBodyTest {
  @Test
  void readsASingleObject() {
    Content content = EventBody.read(bytes("{\"a\":1}"));
    assertThat(content).isInstanceOf(Content.Single.class);
  }

  @Test
  void keepsTheExactBytesOfEachBatchItem() {
    String first = "{ \"a\" : 1 }";
    String second = "{\"b\":\"ü\"}";
    Content content = EventBody.read(bytes("[ " + first + " ,\n" + second + "]"));
    assertThat(content).isInstanceOf(Content.Batch.class);
    var items = ((Content.Batch) content).items();
    assertThat(items).hasSize(2);
    assertThat(new String(items.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo(first);
    assertThat(new String(items.get(1).raw(), StandardCharsets.UTF_8)).isEqualTo(second);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{\"a\":",
        "{\"a\":1} trailing",
        "[{\"a\":1},",
        "[]",
        "\"just a string\"",
        "{\"a\":1,\"a\":2}",
        "not json"
      })
  void reportsMalformedBodiesWithADetail(String body) {
    Content content = EventBody.read(bytes(body));
    assertThat(content).isInstanceOf(Content.Malformed.class);
    assertThat(((Content.Malformed) content).detail()).isNotBlank();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
