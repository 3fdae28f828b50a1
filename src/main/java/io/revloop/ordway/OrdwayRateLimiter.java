package io.revloop.ordway;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.springframework.stereotype.Component;

/** Spaces Ordway calls evenly at the configured rate; callers block until their slot. */
@Component
public class OrdwayRateLimiter {

    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    public OrdwayRateLimiter(OrdwayProperties properties) {
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / Math.max(0.01, properties.requestsPerSecond()));
    }

    /** Blocks until this caller may send; returns the nanoseconds waited. */
    public long acquire() {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        while (wait > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                break;
            }
            wait = slot - System.nanoTime();
        }
        return Math.max(0, wait);
    }
}
