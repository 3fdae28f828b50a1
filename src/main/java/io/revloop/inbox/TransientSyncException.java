package io.revloop.inbox;

import java.time.Duration;

/** A failure that a later attempt may not meet; optionally says how long to wait (e.g. from Retry-After). */
public class TransientSyncException extends RuntimeException {

    private final Duration retryAfter;

    public TransientSyncException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public TransientSyncException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
