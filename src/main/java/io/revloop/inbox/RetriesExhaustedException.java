package io.revloop.inbox;

/** Handed to the dead letters when a transient failure outlived the retry budget; the cause is the last error. */
public class RetriesExhaustedException extends RuntimeException {

    public RetriesExhaustedException(String message, Throwable lastError) {
        super(message, lastError);
    }
}
