package io.revloop.inbox;

import java.time.Instant;

/** An event about to be stored; see {@link InboxEvent} for the fields. */
public record NewInboxEvent(
        String source,
        String eventKey,
        String flow,
        String entity,
        String recordId,
        String changeType,
        int priority,
        String payload,
        String correlationId,
        Instant sourceTimestamp) {
}
