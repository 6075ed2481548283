package io.serialtrace.gate.topology;

import io.serialtrace.support.registry.BoundedRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Undeserializable input goes to the dead-letter topic and processing continues — unless the record
 * could not be read because the schema registry was unreachable or silent past {@code
 * gate.registry-request-timeout}: such a record is fine, so it is not dead-lettered; the stream
 * thread fails instead, and {@code app/StreamFailures} replaces it to read the same record again
 * from the last commit once the registry answers. The global thread (the routes) cannot be
 * replaced: its failure stops the client (ERROR, liveness DOWN) and the platform restarts the gate,
 * which reads the routes again.
 */
public class DeadLetterUnlessRegistryDown extends LogAndContinueExceptionHandler {

  @Override
  public final Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (BoundedRegistry.unreachable(exception)) {
      registryUnreachable(exception);
      return Response.fail();
    }
    return super.handleError(context, record, exception);
  }

  /**
   * Told of a record left unread for an unreachable registry, before the thread fails: the global
   * thread (the routes) cannot be replaced, its failure stops the client without passing through
   * the uncaught-exception handler, so the application reports it from here.
   */
  protected void registryUnreachable(Exception exception) {}
}
