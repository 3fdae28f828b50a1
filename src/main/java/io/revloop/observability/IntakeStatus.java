package io.revloop.observability;

import java.time.Instant;
import java.util.Optional;

/** How far the inbox worker is behind, provided by the inbox. */
public interface IntakeStatus {

    /** Inbox events waiting to be processed (not yet done, not dead-lettered). */
    long pendingEvents();

    /** {@code receivedAt} of the oldest pending event; empty when nothing is pending. */
    Optional<Instant> oldestPendingReceivedAt();
}
