package io.revloop.observability;

import io.revloop.inbox.InboxProperties;
import io.revloop.inbox.InboxWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code inboxWorkers}, part of {@code /actuator/health/liveness}: DOWN while a worker thread has been
 * inside one event for longer than {@code revloop.inbox.worker.stuck-after} (default 10 min, far beyond a slow sync
 * with its in-memory redeliveries), which means a client is hung: the chaos run found a lock-order deadlock inside
 * camel-salesforce 4.17 on session expiry. A liveness probe then restarts revloop; nothing is lost, because the event goes back to the inbox when its
 * lease ends. The stuck thread's stack is logged once per event.
 */
@Component("inboxWorkersHealthIndicator")
public class StuckWorkerHealthIndicator implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(StuckWorkerHealthIndicator.class);

    private final InboxWorker worker;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();

    public StuckWorkerHealthIndicator(InboxWorker worker, Clock clock, InboxProperties properties) {
        this.worker = worker;
        this.clock = clock;
        this.stuckAfter = properties.worker().stuckAfter();
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        List<InboxWorker.InFlight> running = worker.inFlight();
        List<InboxWorker.InFlight> stuck = running.stream()
                .filter(f -> Duration.between(f.since(), now).compareTo(stuckAfter) > 0).toList();
        reported.retainAll(stuck.stream().map(InboxWorker.InFlight::eventId).toList());
        for (InboxWorker.InFlight f : stuck) {
            if (reported.add(f.eventId())) {
                LOG.error("Worker {} has been inside inbox event {} (flow {}) since {}, longer than {}: it looks hung. "
                        + "Liveness is DOWN so the process can be restarted; the event is retried after its lease. "
                        + "Stack:{}", f.thread().getName(), f.eventId(), f.flow(), f.since(), stuckAfter,
                        Arrays.stream(f.thread().getStackTrace()).limit(25).map(e -> "\n\tat " + e)
                                .collect(Collectors.joining()));
            }
        }
        Health.Builder health = stuck.isEmpty() ? Health.up() : Health.down();
        health.withDetail("inFlight", running.size()).withDetail("stuckAfter", stuckAfter.toString());
        if (!stuck.isEmpty()) {
            health.withDetail("stuck", stuck.stream().map(f -> "event " + f.eventId() + " (" + f.flow() + ") since "
                    + f.since()).toList());
        }
        return health.build();
    }
}
