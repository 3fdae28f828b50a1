package io.revloop.inbox;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Dead-letter replay puts the original inbox row back in line, so per-record ordering and idempotency still hold. */
@Component
public class InboxEventRequeuer implements EventRequeuer {

    private static final Logger LOG = LoggerFactory.getLogger(InboxEventRequeuer.class);

    private final InboxStore store;
    private final Clock clock;

    public InboxEventRequeuer(InboxStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public boolean requeue(long inboxEventId) {
        boolean done = store.requeue(inboxEventId, clock.instant());
        LOG.info("Requeue of inbox event {}: {}", inboxEventId, done ? "queued" : "not dead-lettered or unknown");
        return done;
    }
}
