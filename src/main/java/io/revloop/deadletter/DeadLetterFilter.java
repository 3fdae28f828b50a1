package io.revloop.deadletter;

import java.time.Instant;

/** Criteria for listing or bulk-replaying dead letters; null means "any". Times bound the last failure. */
public record DeadLetterFilter(
        String flow, String errorType, Instant from, Instant to, String recordId, DeadLetterStatus status) {

    public static DeadLetterFilter none() {
        return new DeadLetterFilter(null, null, null, null, null, null);
    }

    public DeadLetterFilter withStatus(DeadLetterStatus newStatus) {
        return new DeadLetterFilter(flow, errorType, from, to, recordId, newStatus);
    }
}
