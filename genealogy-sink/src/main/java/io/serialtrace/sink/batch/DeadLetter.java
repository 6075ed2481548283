package io.serialtrace.sink.batch;

/**
 * A record the sink cannot store, with the reason; published to the dead-letter topic with the raw
 * key and value and the reason and origin in headers.
 */
public record DeadLetter(SourceRecord source, String reason) {}
