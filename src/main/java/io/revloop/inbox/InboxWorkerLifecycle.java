package io.revloop.inbox;

import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/** Runs the worker only while the flow routes are up: start after the context started, stop before it stops. */
@Component
public class InboxWorkerLifecycle extends EventNotifierSupport {

    private final InboxWorker worker;

    public InboxWorkerLifecycle(InboxWorker worker) {
        this.worker = worker;
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
