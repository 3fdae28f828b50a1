package io.revloop.inbox;

/**
 * A failure that no retry can fix (validation, mapping, unknown product). Thrown by flows and mappers; the worker
 * dead-letters the event at once. The message must name the record and field, never personal data.
 */
public class PermanentSyncException extends RuntimeException {

    public PermanentSyncException(String message) {
        super(message);
    }

    public PermanentSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
