package io.serialtrace.ingest.intake;

import io.serialtrace.schemas.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One request or message for the intake policy.
 *
 * @param channel the channel recorded on each event ({@code ProductionEvent.source})
 * @param body the bytes as sent: one event (a JSON object) or a batch (an array)
 * @param received when ingest received it ({@link IntakePolicy#receivedNow()}), the events' {@code
 *     receivedTime}
 * @param limits what the channel accepts
 * @param sender who sends it
 * @param decisionWait how long the sender waits for the gate's decision on a single event; empty:
 *     it does not
 */
public record Submission(
    EventSource channel,
    byte[] body,
    Instant received,
    IntakeLimits limits,
    Sender sender,
    Optional<Duration> decisionWait) {}
