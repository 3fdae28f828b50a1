package io.revloop.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.revloop.deadletter.DeadLetterStore;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/** {@code revloop.dead.letters.open}: open dead letters, read from the table at each scrape. */
@Component
public class DeadLetterGauge implements InitializingBean {

    private final MeterRegistry registry;
    private final DeadLetterStore store;

    public DeadLetterGauge(MeterRegistry registry, DeadLetterStore store) {
        this.registry = registry;
        this.store = store;
    }

    @Override
    public void afterPropertiesSet() {
        Gauge.builder("revloop.dead.letters.open", store::countOpen)
                .description("Dead letters waiting for an operator")
                .register(registry);
    }
}
