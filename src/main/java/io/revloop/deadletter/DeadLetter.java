package io.revloop.deadletter;

import java.time.Instant;

/**
 * One dead letter as the operator sees it (without the payload).
 *
 * @param errorMessage    decrypted readable cause; null with {@code unreadable} set when it cannot be decrypted
 * @param attempts        processing attempts across all replays
 * @param deadLetterCount how often this inbox event ended here
 */
public record DeadLetter(
        long id,
        long inboxEventId,
        String source,
        String eventKey,
        String flow,
        String routeId,
        String entity,
        String recordId,
        String changeType,
        String errorType,
        String errorMessage,
        int attempts,
        int deadLetterCount,
        Instant firstFailedAt,
        Instant lastFailedAt,
        String correlationId,
        DeadLetterStatus status,
        String discardReason,
        Instant updatedAt,
        String unreadable) {
}
