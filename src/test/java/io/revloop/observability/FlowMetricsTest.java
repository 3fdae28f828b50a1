package io.revloop.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class FlowMetricsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FlowMetrics metrics;

    FlowMetricsTest() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("clock", Clock.fixed(NOW, ZoneOffset.UTC));
        metrics = new FlowMetrics(registry, beans.getBeanProvider(Clock.class));
    }

    @Test
    void countsEachOutcomePerFlow() {
        metrics.received("closed-won-create-subscription");
        metrics.received("closed-won-create-subscription");
        metrics.retried("closed-won-create-subscription");
        metrics.deadLettered("closed-won-create-subscription");
        metrics.received("invoice-to-salesforce");

        assertThat(count("closed-won-create-subscription", "received")).isEqualTo(2.0);
        assertThat(count("closed-won-create-subscription", "retried")).isEqualTo(1.0);
        assertThat(count("closed-won-create-subscription", "dead_lettered")).isEqualTo(1.0);
        assertThat(count("invoice-to-salesforce", "received")).isEqualTo(1.0);
    }

    @Test
    void recordsLatencyFromTheSourceCommit() {
        metrics.processed("invoice-to-salesforce", NOW.minusMillis(1500));
        metrics.processed("invoice-to-salesforce", NOW.plusSeconds(2));
        metrics.processed("invoice-to-salesforce", null);

        Timer latency = registry.get(FlowMetrics.LATENCY).tag("flow", "invoice-to-salesforce").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.max(TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
        assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500.0);
        assertThat(count("invoice-to-salesforce", "processed")).isEqualTo(3.0);
    }

    private double count(String flow, String outcome) {
        return registry.get(FlowMetrics.EVENTS).tags("flow", flow, "outcome", outcome).counter().count();
    }
}
