package io.revloop.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Per-flow counters and end-to-end latency. The inbox worker reports received, processed and retried; the dead-letter
 * sink reports dead_lettered. Flow ids are route ids, so the tag cardinality is the number of flows.
 */
@Component
public class FlowMetrics {

    public static final String EVENTS = "revloop.flow.events";
    public static final String LATENCY = "revloop.flow.latency";

    private final MeterRegistry registry;
    private final Clock clock;

    public FlowMetrics(MeterRegistry registry, ObjectProvider<Clock> clock) {
        this.registry = registry;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public void received(String flow) {
        count(flow, "received");
    }

    /**
     * @param sourceCommittedAt when the source system committed the change; latency is not recorded when null
     */
    public void processed(String flow, Instant sourceCommittedAt) {
        count(flow, "processed");
        if (sourceCommittedAt != null) {
            Duration latency = Duration.between(sourceCommittedAt, clock.instant());
            // source clocks can run ahead of ours; a negative latency would only skew the histogram
            Timer.builder(LATENCY)
                    .description("Source commit to processed, per flow")
                    .tag("flow", flow)
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(latency.isNegative() ? Duration.ZERO : latency);
        }
    }

    public void retried(String flow) {
        count(flow, "retried");
    }

    public void deadLettered(String flow) {
        count(flow, "dead_lettered");
    }

    private void count(String flow, String outcome) {
        Counter.builder(EVENTS)
                .description("Inbox events per flow and outcome")
                .tag("flow", flow == null ? "unknown" : flow)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
