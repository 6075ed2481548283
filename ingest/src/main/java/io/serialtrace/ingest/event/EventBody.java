package io.serialtrace.ingest.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request body into its events, keeping each event's original bytes (ALCOA "original":
 * {@code rawPayload} holds exactly what the station sent for that event, not a re-serialization).
 * Pure: no framework, no clock.
 */
public final class EventBody {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private EventBody() {}

  /** One event of a body: its JSON tree and its bytes as sent. */
  public record Item(JsonNode json, byte[] raw) {}

  /** What a body holds. */
  public sealed interface Content {
    /** A single JSON object. */
    record Single(Item item) implements Content {}

    /** A JSON array of items (each may still be anything: the validator judges them). */
    record Batch(List<Item> items) implements Content {}

    /** Not JSON, or JSON that is neither an object nor a non-empty array. */
    record Malformed(String detail) implements Content {}
  }

  public static Content read(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Content.Malformed("The body is empty; send one event object or an array.");
      }
      Content content =
          switch (first) {
            case START_OBJECT -> new Content.Single(new Item(readTree(parser), body.clone()));
            case START_ARRAY -> readArray(parser, body);
            default ->
                new Content.Malformed(
                    "The body must be a JSON object (one event) or array (a batch), not "
                        + describe(first)
                        + ".");
          };
      if (content instanceof Content.Malformed) {
        return content;
      }
      if (parser.nextToken() != null) {
        return new Content.Malformed(
            "Unexpected content after the JSON value at "
                + location(parser.currentTokenLocation().getLineNr(), parser)
                + ".");
      }
      return content;
    } catch (JsonProcessingException e) {
      return new Content.Malformed("Malformed JSON: " + e.getOriginalMessage() + where(e) + ".");
    } catch (IOException e) {
      return new Content.Malformed("Unreadable body: " + e.getMessage());
    }
  }

  private static Content readArray(JsonParser parser, byte[] body) throws IOException {
    List<Item> items = new ArrayList<>();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        return new Content.Malformed("Malformed JSON: the array is not closed.");
      }
      long start = parser.currentTokenLocation().getByteOffset();
      JsonNode node = readTree(parser);
      long end = parser.currentLocation().getByteOffset();
      byte[] raw =
          start >= 0 && end >= start && end <= body.length
              ? Arrays.copyOfRange(body, (int) start, (int) end)
              : JSON.writeValueAsBytes(node);
      items.add(new Item(node, raw));
    }
    if (items.isEmpty()) {
      return new Content.Malformed("The batch is empty; send at least one event.");
    }
    return new Content.Batch(List.copyOf(items));
  }

  private static JsonNode readTree(JsonParser parser) throws IOException {
    return JSON.readTree(parser);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String location(int line, JsonParser parser) {
    return "line " + line + ", column " + parser.currentTokenLocation().getColumnNr();
  }
}
