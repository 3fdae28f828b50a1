package io.revloop.inbox;

import java.time.Instant;

/** Where the inbox worker hands an event that failed permanently or ran out of retries. */
public interface DeadLetterSink {

    void deadLetter(InboxEvent event, String routeId, Throwable cause, Instant firstFailureAt);

    /** The event was processed successfully; if it had been replayed from the dead letters, that one is resolved. */
    default void replaySucceeded(long inboxEventId) {
    }
}
