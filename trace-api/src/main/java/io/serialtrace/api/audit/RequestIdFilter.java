package io.serialtrace.api.audit;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Sends each response's request id (the access log's request_id) and its Server-Timing. */
public class RequestIdFilter {
  public static final String REQUEST_ID = "X-Request-Id";

  private final RequestContext request;

  public RequestIdFilter(RequestContext request) {
    this.request = request;
  }

  @ServerResponseFilter
  public void addHeaders(ContainerResponseContext response) {
    response.getHeaders().putSingle(REQUEST_ID, request.requestId());
    String timing = request.serverTiming();
    if (!timing.isEmpty()) {
      response.getHeaders().putSingle("Server-Timing", timing);
    }
  }
}
