package io.serialtrace.api.audit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Per-request facts the access log keeps: a request id (sent back as {@code X-Request-Id} by {@link
 * RequestIdFilter}, so a user's complaint can be matched to its audit row) and the client address
 * (the connection's remote address; behind a proxy set {@code quarkus.http.proxy.*} so Vert.x
 * reports the forwarded one). Also collects {@code Server-Timing} entries.
 */
@RequestScoped
public class RequestContext {
  private final HttpServerRequest http;

  private final String requestId = UUID.randomUUID().toString();
  private final List<String> timings = new ArrayList<>();

  public RequestContext(HttpServerRequest http) {
    this.http = http;
  }

  public String requestId() {
    return requestId;
  }

  public String clientAddress() {
    return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
  }

  /** Adds a {@code Server-Timing} entry, e.g. how long the audit write took. */
  public void addTiming(String name, Duration took) {
    timings.add(String.format(Locale.ROOT, "%s;dur=%.3f", name, took.toNanos() / 1_000_000.0));
  }

  /** The {@code Server-Timing} header value; empty when nothing was timed. */
  public String serverTiming() {
    return String.join(", ", timings);
  }
}
