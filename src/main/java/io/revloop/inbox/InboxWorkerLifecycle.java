package io.revloop.inbox;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Runs the worker only while the flow routes are up: start once the Camel context has started (and again after an
 * in-JVM restart), stop as soon as the context begins to stop.
 */
@Component
public class InboxWorkerLifecycle extends EventNotifierSupport implements CamelContextConfiguration {

    private final InboxWorker worker;

    public InboxWorkerLifecycle(InboxWorker worker) {
        this.worker = worker;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        worker.start();
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.CamelContextStartedEvent) {
            worker.start();
        } else if (event instanceof CamelEvent.CamelContextStoppingEvent) {
            worker.stop();
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent
                || event instanceof CamelEvent.CamelContextStoppingEvent;
    }
}
