package io.revloop.inbox;

/** Puts a dead-lettered inbox event back in line; used by dead-letter replay. */
public interface EventRequeuer {

    /**
     * Makes the event eligible for processing again at once, with a fresh attempt count.
     *
     * @return false when no such event exists or it is not dead-lettered
     */
    boolean requeue(long inboxEventId);
}
