package io.revloop.sandbox.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** The daily API request allocation: a rolling 24-hour window on the org clock, as Salesforce counts it. */
public final class ApiUsage {

    private static final Duration WINDOW = Duration.ofHours(24);

    private final SandboxClock clock;
    private final Deque<Instant> calls = new ArrayDeque<>();
    private int max;

    ApiUsage(SandboxClock clock, int max) {
        this.clock = clock;
        this.max = max;
    }

    /** Counts one call; false when the allocation was already used up (the call is then refused and not counted). */
    synchronized boolean tryAcquire() {
        prune();
        if (calls.size() >= max) {
            return false;
        }
        calls.addLast(clock.now());
        return true;
    }

    public synchronized int used() {
        prune();
        return calls.size();
    }

    public synchronized int max() {
        return max;
    }

    public synchronized int remaining() {
        return Math.max(0, max - used());
    }

    public synchronized void setMax(int max) {
        this.max = max;
    }

    /** Pretends {@code count} calls were made just now, e.g. to bring the org near its limit. */
    public synchronized void consume(int count) {
        Instant now = clock.now();
        for (int i = 0; i < count; i++) {
            calls.addLast(now);
        }
    }

    public synchronized void reset() {
        calls.clear();
    }

    /** The {@code Sforce-Limit-Info} header value. */
    public synchronized String header() {
        return "api-usage=" + used() + "/" + max;
    }

    private void prune() {
        Instant cutoff = clock.now().minus(WINDOW);
        while (!calls.isEmpty() && !calls.peekFirst().isAfter(cutoff)) {
            calls.removeFirst();
        }
    }
}
