package io.revloop.salesforce;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Alert state for change-capture gaps (expired, invalid or lost replay position, GAP and OVERFLOW events). Health
 * reads {@link #isDegraded()}; the state clears when the resync that repairs the gap has been queued in the inbox.
 */
@Component
public class CdcGapMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(CdcGapMonitor.class);

    private final Counter gaps;
    private final Clock clock;
    private final AtomicLong openResyncs = new AtomicLong();
    private volatile String lastReason;
    private volatile Instant lastGapAt;
    private volatile Instant lastResyncQueuedAt;

    public CdcGapMonitor(MeterRegistry meters, Clock clock) {
        this.gaps = Counter.builder("revloop.cdc.gaps").description("Change-capture gaps detected").register(meters);
        this.clock = clock;
    }

    /** Records a gap; the caller starts the resync and reports back with {@link #resyncQueued}. */
    public void gapDetected(String channel, String reason) {
        lastReason = reason;
        lastGapAt = clock.instant();
        openResyncs.incrementAndGet();
        gaps.increment();
        LOG.error("Change-capture gap on {}: {}; starting resync", channel, reason);
    }

    public void resyncQueued(String what, int entities) {
        lastResyncQueuedAt = clock.instant();
        openResyncs.updateAndGet(n -> Math.max(0, n - 1));
        LOG.warn("Resync of {} queued for {} entities", what, entities);
    }

    /** True while a detected gap has not been repaired by a queued resync. */
    public boolean isDegraded() {
        return openResyncs.get() > 0;
    }

    public long getGapCount() {
        return (long) gaps.count();
    }

    public String getLastReason() {
        return lastReason;
    }

    public Instant getLastGapAt() {
        return lastGapAt;
    }

    public Instant getLastResyncQueuedAt() {
        return lastResyncQueuedAt;
    }
}
