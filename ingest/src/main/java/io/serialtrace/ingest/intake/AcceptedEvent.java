package io.serialtrace.ingest.intake;

import java.util.UUID;

/** An event Kafka acknowledged: its position in the request (0 for a single event) and id. */
public record AcceptedEvent(int index, UUID eventId) {}
