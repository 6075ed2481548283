package io.serialtrace.api.violations;

import io.serialtrace.api.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Keyset position in the violation list: the (detectedAt, violationId) of the last item sent.
 * Opaque to clients (base64url); stable under concurrent inserts, unlike an offset.
 */
public record Cursor(long detectedMicros, UUID violationId) {

  public static Cursor after(Instant detectedAt, String violationId) {
    return new Cursor(
        Math.addExact(
            Math.multiplyExact(detectedAt.getEpochSecond(), 1_000_000L),
            detectedAt.getNano() / 1_000),
        UUID.fromString(violationId));
  }

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((detectedMicros + ":" + violationId).getBytes(StandardCharsets.UTF_8));
  }

  public static Cursor decode(String parameter, String text) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return new Cursor(
          Long.parseLong(decoded.substring(0, colon)),
          UUID.fromString(decoded.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw ApiProblem.badParameter(
          parameter, parameter + " is not a cursor returned by this endpoint (nextCursor)");
    }
  }
}
