package io.revloop.inbox;

import java.time.Instant;

/** Where the inbox worker hands an event that failed permanently or ran out of retries. */
public interface DeadLetterSink {

    void deadLetter(InboxEvent event, String routeId, Throwable cause, Instant firstFailureAt);

    /** Called after an event's flow succeeded, so a replayed dead letter can be closed with its outcome. */
    default void delivered(InboxEvent event) {
    }
}
