package io.revloop.deadletter;

public enum DeadLetterStatus {
    /** Waiting for an operator. */
    OPEN,
    /** Handed back to the inbox; reopens if it fails again. */
    REPLAYED,
    /** Processed successfully after a replay. */
    RESOLVED,
    /** An operator decided not to process it, with a reason. */
    DISCARDED
}
