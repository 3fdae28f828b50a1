package io.revloop.sandbox.salesforce;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drill switches of the sandbox's Streaming API. Each one reproduces something a real org does to a subscriber;
 * token expiry is driven from the OAuth side (the token store), which the Streaming API notices on its own.
 */
public final class StreamingFaults {

    private final CometdStreaming streaming;
    private final AtomicLong connectDelayMillis = new AtomicLong();
    private final AtomicInteger busySubscribes = new AtomicInteger();

    StreamingFaults(CometdStreaming streaming) {
        this.streaming = streaming;
    }

    /**
     * Ends every CometD session, as Salesforce does after a server-side expiry: a pending long poll is answered at
     * once, and every later request of those clients, with {@code 403::Unknown client} and advice
     * {@code reconnect=handshake}. Returns how many sessions were dropped.
     */
    public int dropSessions() {
        return streaming.endSessions(SalesforceBayeuxServer.UNKNOWN_CLIENT);
    }

    /**
     * Lets the retention window pass over every event stored so far: a replay id the client holds becomes invalid
     * ({@code 400::The replayId {N} you provided was invalid...}) and {@code -2} replays nothing older than now.
     */
    public void expireEvents() {
        streaming.delivery().purgeAll();
    }

    /** Publishes a gap event ({@code GAP_CREATE}, {@code GAP_UPDATE}, {@code GAP_DELETE}, {@code GAP_UNDELETE}). */
    public ChangeEvent publishGap(String changeType, String entityName, List<String> recordIds) {
        if (!changeType.startsWith("GAP_") || "GAP_OVERFLOW".equals(changeType)) {
            throw new IllegalArgumentException("Not a gap change type: " + changeType);
        }
        return streaming.publishSynthetic(changeType, entityName, recordIds);
    }

    /** Publishes a {@code GAP_OVERFLOW} event: a transaction too large to report record by record. */
    public ChangeEvent publishOverflow(String entityName) {
        return streaming.publishSynthetic("GAP_OVERFLOW", entityName, List.of());
    }

    /** Holds every successful {@code /meta/connect} reply this long before sending it; zero to stop. */
    public void delayConnectReplies(Duration delay) {
        connectDelayMillis.set(delay.toMillis());
    }

    /** The next {@code count} subscribes fail with {@code 503::Server is too busy} (a temporary error). */
    public void failNextSubscribes(int count) {
        busySubscribes.set(count);
    }

    /** Delivers an already delivered event once more to the channel's current subscribers. */
    public void redeliver(String channel, long replayId) {
        streaming.delivery().redeliver(channel, replayId);
    }

    /** The next change is delivered only after the change that follows it: the two arrive swapped. */
    public void swapNextTwoEvents() {
        streaming.delivery().swapNextTwo();
    }

    /** Answers every pending long poll now, as the end of the connect timeout would. */
    public void wakeConnects() {
        streaming.wakeConnects();
    }

    /**
     * Clears the switches that stay on (connect delay, busy subscribes) and ends a swap in progress: an event held back
     * to be delivered after the next one is delivered now, since a swap reorders events and never withholds one.
     */
    public void reset() {
        connectDelayMillis.set(0);
        busySubscribes.set(0);
        streaming.delivery().endSwap();
    }

    long connectDelayMillis() {
        return connectDelayMillis.get();
    }

    boolean takeBusySubscribe() {
        return busySubscribes.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }
}
