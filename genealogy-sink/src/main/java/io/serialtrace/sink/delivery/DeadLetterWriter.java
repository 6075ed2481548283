package io.serialtrace.sink.delivery;

import io.serialtrace.sink.batch.DeadLetter;
import java.util.List;

/** Publishes dead letters durably (acknowledged) before the batch they came from is stored. */
public interface DeadLetterWriter {
  void publish(List<DeadLetter> deadLetters);
}
