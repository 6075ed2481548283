package io.serialtrace.gate.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpClosedException;
import java.io.EOFException;
import java.net.ConnectException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/**
 * A record left unread because the registry was unreachable or silent is not dead-lettered (the
 * thread fails and reads it again later); a record whose bytes are bad is, and processing goes on.
 */
class DeadLetterUnlessRegistryDownTest {
  private static final ConsumerRecord<byte[], byte[]> RECORD =
      new ConsumerRecord<>(
          "trace.production-events.v1",
          0,
          7L,
          0L,
          TimestampType.CREATE_TIME,
          0,
          3,
          "k".getBytes(),
          new byte[] {0, 1, 2},
          new RecordHeaders(),
          java.util.Optional.empty());

  private final DeadLetterUnlessRegistryDown handler = new DeadLetterUnlessRegistryDown();

  {
    handler.configure(Map.of("errors.dead.letter.queue.topic.name", "trace.gate-dlq.v1"));
  }

  @Test
  void aSilentRegistryFailsTheThreadInsteadOfDeadLettering() {
    var response =
        handler.handleError(
            context(), RECORD, new SerializationException(new HttpClosedException("idle")));
    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  @Test
  void aRefusedRegistryConnectionFailsTheThreadInsteadOfDeadLettering() {
    var response =
        handler.handleError(
            context(), RECORD, new SerializationException(new ConnectException("refused")));
    assertThat(response.result()).isEqualTo(Result.FAIL);
  }

  @Test
  void badBytesAreDeadLetteredAndProcessingGoesOn() {
    var response =
        handler.handleError(context(), RECORD, new SerializationException(new EOFException()));
    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return RECORD.topic();
      }

      @Override
      public int partition() {
        return RECORD.partition();
      }

      @Override
      public long offset() {
        return RECORD.offset();
      }

      @Override
      public org.apache.kafka.common.header.Headers headers() {
        return RECORD.headers();
      }

      @Override
      public String processorNodeId() {
        return "events-source";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(0, 0);
      }

      @Override
      public long timestamp() {
        return 0L;
      }

      @Override
      public byte[] sourceRawKey() {
        return RECORD.key();
      }

      @Override
      public byte[] sourceRawValue() {
        return RECORD.value();
      }
    };
  }
}
