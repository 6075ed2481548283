package io.serialtrace.ingest.event;

/**
 * One thing wrong with an event: the field it concerns, as a dotted path from the event's root
 * (e.g. {@code payload.qty}; empty for the event as a whole), and what is wrong, in words.
 */
public record FieldError(String field, String message) {}
