package io.revloop.inbox;

import io.revloop.observability.FlowMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs stored events through their flow routes. Each attempt: claim (conditional UPDATE), send to
 * {@code direct:<flow>}, then DONE, RETRY with a persisted next attempt time, or DEAD via the {@link DeadLetterSink}.
 * Nothing is held in memory between attempts, so a restart or a second instance picks up exactly where this left.
 */
@Component
public class InboxWorker {

    private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);

    private final InboxStore store;
    private final FailureClassifier classifier;
    private final BackoffPolicy backoff;
    private final ProducerTemplate template;
    private final ObjectProvider<DeadLetterSink> deadLetters;
    private final DispatchGate gate;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final FlowMetrics metrics;
    private final InboxProperties.Worker settings;
    private final String owner;
    private final Map<Thread, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService executor;

    /** An event a worker thread is running now, and since when. */
    public record InFlight(long eventId, String flow, Instant since, Thread thread) {
    }

    public InboxWorker(InboxStore store, FailureClassifier classifier, BackoffPolicy backoff,
            ProducerTemplate template, ObjectProvider<DeadLetterSink> deadLetters, DispatchGate gate,
            TransactionTemplate tx, Clock clock, FlowMetrics metrics, InboxProperties properties) {
        this.store = store;
        this.classifier = classifier;
        this.backoff = backoff;
        this.template = template;
        this.deadLetters = deadLetters;
        this.gate = gate;
        this.tx = tx;
        this.clock = clock;
        this.metrics = metrics;
        this.settings = properties.worker();
        this.owner = settings.instanceId().isBlank() ? "worker-" + UUID.randomUUID() : settings.instanceId();
    }

    /** Claims and runs what is due now; returns the number of events attempted. */
    public int pollOnce() {
        Instant now = clock.instant();
        List<Long> ids = store.candidates(now, gate.maxClaimablePriority(now), gate.pausedFlows(now),
                settings.batchSize());
        int attempted = 0;
        for (long id : ids) {
            Optional<InboxEvent> claimed = store.claim(id, owner, clock.instant(), settings.lease());
            if (claimed.isPresent()) {
                process(claimed.get());
                attempted++;
            }
        }
        return attempted;
    }

    private void process(InboxEvent event) {
        MDC.put(InboxHeaders.MDC_CORRELATION_ID, event.correlationId());
        MDC.put(InboxHeaders.MDC_INBOX_ID, Long.toString(event.id()));
        Thread thread = Thread.currentThread();
        inFlight.put(thread, new InFlight(event.id(), event.flow(), clock.instant(), thread));
        try {
            Exchange result = template.send("direct:" + event.flow(), exchange -> {
                var in = exchange.getMessage();
                in.setHeader(InboxHeaders.CORRELATION_ID, event.correlationId());
                in.setHeader(InboxHeaders.INBOX_ID, event.id());
                in.setHeader(InboxHeaders.ATTEMPT, event.attempts());
                in.setHeader(InboxHeaders.SOURCE, event.source());
                in.setHeader(InboxHeaders.EVENT_KEY, event.eventKey());
                in.setHeader(InboxHeaders.ENTITY, event.entity());
                in.setHeader(InboxHeaders.RECORD_ID, event.recordId());
                in.setHeader(InboxHeaders.CHANGE_TYPE, event.changeType());
                in.setHeader(InboxHeaders.PRIORITY, event.priority());
                in.setBody(event.payload());
            });
            Throwable error = result.getException();
            if (error == null) {
                succeeded(event);
            } else {
                failed(event, error);
            }
        } catch (RuntimeException unexpected) {
            // The send itself broke (e.g. context stopping): leave a persisted retry rather than a stuck lease.
            failed(event, unexpected);
        } finally {
            inFlight.remove(thread);
            MDC.remove(InboxHeaders.MDC_CORRELATION_ID);
            MDC.remove(InboxHeaders.MDC_INBOX_ID);
        }
    }

    /** The events worker threads are inside right now. */
    public List<InFlight> inFlight() {
        return List.copyOf(inFlight.values());
    }

    private void succeeded(InboxEvent event) {
        Instant now = clock.instant();
        if (!store.markDone(event.id(), owner, now)) {
            LOG.warn("Inbox event {} finished after its lease passed to another worker", event.id());
        }
        metrics.processed(event.flow(), event.sourceTimestamp());
        DeadLetterSink sink = deadLetters.getIfAvailable();
        if (sink != null) {
            sink.replaySucceeded(event.id());
        }
        LOG.debug("Inbox event {} done by flow {}", event.id(), event.flow());
    }

    private void failed(InboxEvent event, Throwable error) {
        Instant now = clock.instant();
        Failure failure = classifier.classify(error);
        if (failure.budgetExhausted()) {
            gate.allocationExhausted(now);
        }
        if (failure.transientFailure()) {
            Instant first = store.firstFailureAt(event.id()).orElse(now);
            if (!backoff.exhausted(now, first, event.attempts())) {
                scheduleRetry(event, now, failure);
                return;
            }
            deadLetter(event, new RetriesExhaustedException("retries exhausted after " + event.attempts()
                    + " attempts: " + failure.reason(), error), "retries exhausted: " + failure.reason(), first);
            return;
        }
        deadLetter(event, error, failure.reason(), store.firstFailureAt(event.id()).orElse(now));
    }

    private void scheduleRetry(InboxEvent event, Instant now, Failure failure) {
        Instant next = backoff.nextAttempt(now, event.attempts(), failure.retryAfter());
        store.markRetry(event.id(), owner, next, now, failure.reason());
        metrics.retried(event.flow());
        LOG.warn("Inbox event {} attempt {} failed transiently in flow {} ({}); next attempt at {}", event.id(),
                event.attempts(), event.flow(), failure.reason(), next);
    }

    private void deadLetter(InboxEvent event, Throwable cause, String reason, Instant firstFailureAt) {
        DeadLetterSink sink = deadLetters.getIfAvailable();
        Instant now = clock.instant();
        try {
            // One transaction with the sink when it stores in the same database: the dead letter and DEAD
            // status appear together or not at all.
            tx.executeWithoutResult(status -> {
                if (sink != null) {
                    sink.deadLetter(event, event.flow(), cause, firstFailureAt);
                }
                if (!store.markDead(event.id(), owner, now, reason)) {
                    throw new IllegalStateException("lease of inbox event " + event.id() + " was lost");
                }
            });
        } catch (RuntimeException sinkFailed) {
            LOG.error("Dead-lettering inbox event {} failed ({}); kept for retry", event.id(),
                    sinkFailed.getClass().getSimpleName());
            store.markRetry(event.id(), owner, backoff.nextAttempt(now, event.attempts(), null), now, reason);
            return;
        }
        if (sink == null) {
            metrics.deadLettered(event.flow());
            LOG.error("Inbox event {} is DEAD in flow {} ({}); no dead-letter store is configured", event.id(),
                    event.flow(), reason);
        } else {
            LOG.error("Inbox event {} dead-lettered from flow {}: {}", event.id(), event.flow(), reason);
        }
    }

    public String owner() {
        return owner;
    }

    /** Started and stopped with the Camel context by {@link InboxWorkerLifecycle}. */
    public synchronized void start() {
        if (!settings.enabled() || executor != null) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "inbox-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long interval = settings.pollInterval().toMillis();
        for (int i = 0; i < settings.threads(); i++) {
            executor.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
        }
        LOG.info("Inbox worker {} started with {} threads", owner, settings.threads());
    }

    private void drain() {
        try {
            while (isRunning() && pollOnce() > 0) {
                // keep going while there is work; the fixed delay applies only when idle
            }
        } catch (RuntimeException e) {
            LOG.error("Inbox poll failed: {}", e.toString());
        }
    }

    @PreDestroy
    public synchronized void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdown();
            try {
                if (!ex.awaitTermination(30, TimeUnit.SECONDS)) {
                    ex.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.shutdownNow();
            }
        }
    }

    public boolean isRunning() {
        return executor != null;
    }
}
