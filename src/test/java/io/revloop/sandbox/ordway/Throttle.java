package io.revloop.sandbox.ordway;

import java.util.ArrayDeque;
import java.util.Deque;

/** A sliding one-second window over real time, like an API gateway usage plan. 0 means unlimited. */
final class Throttle {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final Deque<Long> accepted = new ArrayDeque<>();
    private int requestsPerSecond;

    synchronized void limit(int requestsPerSecond) {
        this.requestsPerSecond = requestsPerSecond;
        accepted.clear();
    }

    synchronized boolean tryAcquire() {
        if (requestsPerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        while (!accepted.isEmpty() && now - accepted.peekFirst() >= WINDOW_NANOS) {
            accepted.pollFirst();
        }
        if (accepted.size() >= requestsPerSecond) {
            return false;
        }
        accepted.addLast(now);
        return true;
    }
}
