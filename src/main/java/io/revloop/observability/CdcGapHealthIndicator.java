package io.revloop.observability;

import io.revloop.salesforce.CdcGapMonitor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code cdcGaps}: DEGRADED while a change-capture gap (expired or rejected replay id, GAP or
 * OVERFLOW event) has no queued resync, and for {@code revloop.health.gap-degraded-for} after it was detected. The
 * resync is usually queued within seconds, so without the hold an operator polling health would never see the alert.
 */
@Component("cdcGapsHealthIndicator")
public class CdcGapHealthIndicator implements HealthIndicator {

    private final CdcGapMonitor gaps;
    private final Clock clock;
    private final Duration holdFor;

    public CdcGapHealthIndicator(CdcGapMonitor gaps, Clock clock,
            @Value("${revloop.health.gap-degraded-for:1h}") Duration holdFor) {
        this.gaps = gaps;
        this.clock = clock;
        this.holdFor = holdFor;
    }

    @Override
    public Health health() {
        Instant lastGap = gaps.getLastGapAt();
        boolean recent = lastGap != null && Duration.between(lastGap, clock.instant()).compareTo(holdFor) < 0;
        Health.Builder health = gaps.isDegraded() || recent ? Health.status(HealthStatuses.DEGRADED) : Health.up();
        health.withDetail("gaps", gaps.getGapCount()).withDetail("resyncPending", gaps.isDegraded());
        if (lastGap != null) {
            health.withDetail("lastGapAt", lastGap).withDetail("reason", gaps.getLastReason());
        }
        if (gaps.getLastResyncQueuedAt() != null) {
            health.withDetail("lastResyncQueuedAt", gaps.getLastResyncQueuedAt());
        }
        return health.build();
    }
}
