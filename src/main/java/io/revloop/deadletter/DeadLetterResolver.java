package io.revloop.deadletter;

/** Called by the inbox worker when an event it processed successfully had been replayed from the dead letters. */
public interface DeadLetterResolver {

    /** Marks the event's dead letter RESOLVED if it is REPLAYED; does nothing otherwise. */
    void replaySucceeded(long inboxEventId);
}
