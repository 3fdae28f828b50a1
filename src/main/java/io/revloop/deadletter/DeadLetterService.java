package io.revloop.deadletter;

import io.revloop.inbox.EventRequeuer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Replay and discard of dead letters; every attempt, successful or not, leaves an audit row. */
@Service
public class DeadLetterService {

    public static final String REPLAY = "REPLAY";
    public static final String REPLAY_BULK = "REPLAY_BULK";
    public static final String DISCARD = "DISCARD";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterService.class);

    private final DeadLetterStore store;
    private final AdminAuditLog audit;
    private final ObjectProvider<EventRequeuer> requeuer;
    private final DeadLetterProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DeadLetterService(DeadLetterStore store, AdminAuditLog audit, ObjectProvider<EventRequeuer> requeuer,
                             DeadLetterProperties properties, PlatformTransactionManager transactionManager,
                             ObjectProvider<Clock> clock) {
        this.store = store;
        this.audit = audit;
        this.requeuer = requeuer;
        this.properties = properties;
        this.tx = new TransactionTemplate(transactionManager);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public enum ReplayOutcome { REQUEUED, NOT_OPEN, NOT_REQUEUED, NOT_FOUND, ERROR, UNAVAILABLE }

    public record ReplayResult(long deadLetterId, ReplayOutcome outcome, String detail) {
    }

    /**
     * @param matched   OPEN dead letters matching the filter before the replay
     * @param attempted how many were taken (at most the cap)
     * @param remaining matching OPEN dead letters left for a later call
     */
    public record BulkReplayResult(boolean dryRun, int max, long matched, int attempted, int replayed, int failed,
                                   long remaining, List<Long> ids, List<ReplayResult> failures) {
    }

    public ReplayResult replay(long id, String actor) {
        ReplayResult result = replayOne(id, actor, false);
        return switch (result.outcome()) {
            case REQUEUED -> result;
            case NOT_FOUND -> throw new AdminActionException(HttpStatus.NOT_FOUND, result.detail());
            case NOT_OPEN, NOT_REQUEUED -> throw new AdminActionException(HttpStatus.CONFLICT, result.detail());
            case UNAVAILABLE -> throw new AdminActionException(HttpStatus.SERVICE_UNAVAILABLE, result.detail());
            case ERROR -> throw new AdminActionException(HttpStatus.BAD_GATEWAY, result.detail());
        };
    }

    /** Replays up to {@code max} OPEN dead letters matching the filter, oldest first. */
    public BulkReplayResult replay(DeadLetterFilter filter, Integer requestedMax, boolean dryRun, String actor) {
        int max = requestedMax == null ? properties.replayDefaultMax() : requestedMax;
        if (max < 1 || max > properties.replayMaxCeiling()) {
            throw new AdminActionException(HttpStatus.BAD_REQUEST,
                    "max must be between 1 and " + properties.replayMaxCeiling() + " (revloop.dead-letters.replay-max-ceiling)");
        }
        DeadLetterFilter open = filter.withStatus(DeadLetterStatus.OPEN);
        long matched = store.count(open);
        List<Long> ids = store.ids(open, max);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("filter", open);
        target.put("max", max);
        if (dryRun) {
            audit.record(actor, REPLAY_BULK, AdminAuditLog.TARGET_DEAD_LETTER_FILTER, null, target, "DRY_RUN",
                    "matched " + matched + ", would replay " + ids, clock.instant());
            return new BulkReplayResult(true, max, matched, 0, 0, 0, matched, ids, List.of());
        }
        List<Long> replayed = new ArrayList<>();
        List<ReplayResult> failures = new ArrayList<>();
        for (long id : ids) {
            ReplayResult r = replayOne(id, actor, true);
            if (r.outcome() == ReplayOutcome.REQUEUED) {
                replayed.add(id);
            } else {
                failures.add(r);
                if (r.outcome() == ReplayOutcome.UNAVAILABLE) {
                    break;
                }
            }
        }
        long remaining = store.count(open);
        String outcome = failures.isEmpty() ? "COMPLETED" : replayed.isEmpty() ? "FAILED" : "PARTIAL";
        audit.record(actor, REPLAY_BULK, AdminAuditLog.TARGET_DEAD_LETTER_FILTER, null, target, outcome,
                audit.toJson(Map.of("matched", matched, "replayed", replayed, "failed", failures.size(),
                        "remaining", remaining)), clock.instant());
        log.info("Bulk replay by {}: {} of {} matching dead letters requeued, {} failed, {} left",
                actor, replayed.size(), matched, failures.size(), remaining);
        return new BulkReplayResult(false, max, matched, replayed.size() + failures.size(), replayed.size(),
                failures.size(), remaining, replayed, failures);
    }

    public DeadLetter discard(long id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new AdminActionException(HttpStatus.BAD_REQUEST, "A reason is required to discard a dead letter");
        }
        DeadLetter dl = store.find(id).orElseThrow(() -> notFound(id));
        Map<String, Object> target = target(dl);
        boolean done = Boolean.TRUE.equals(tx.execute(status -> {
            boolean changed = store.transition(id, DeadLetterStatus.OPEN, DeadLetterStatus.DISCARDED, reason.strip(),
                    clock.instant());
            if (changed) {
                audit.record(actor, DISCARD, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id), target,
                        "DISCARDED", reason.strip(), clock.instant());
            }
            return changed;
        }));
        if (!done) {
            String detail = "Dead letter " + id + " is " + currentStatus(id) + "; only OPEN dead letters can be discarded";
            audit.record(actor, DISCARD, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id), target, "REFUSED",
                    detail, clock.instant());
            throw new AdminActionException(HttpStatus.CONFLICT, detail);
        }
        log.info("Dead letter {} (inbox event {}) discarded by {}", id, dl.inboxEventId(), actor);
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    private ReplayResult replayOne(long id, String actor, boolean bulk) {
        DeadLetter dl = store.find(id).orElse(null);
        if (dl == null) {
            ReplayResult r = new ReplayResult(id, ReplayOutcome.NOT_FOUND, "No dead letter " + id);
            audit.record(actor, REPLAY, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id), Map.of("deadLetterId", id),
                    r.outcome().name(), r.detail(), clock.instant());
            return r;
        }
        Map<String, Object> target = target(dl);
        if (bulk) {
            target.put("bulk", true);
        }
        EventRequeuer events = requeuer.getIfAvailable();
        ReplayResult result;
        if (events == null) {
            result = new ReplayResult(id, ReplayOutcome.UNAVAILABLE,
                    "Replay is unavailable: no EventRequeuer (inbox worker) is running in this instance");
        } else {
            try {
                result = tx.execute(status -> {
                    if (!store.transition(id, DeadLetterStatus.OPEN, DeadLetterStatus.REPLAYED, null, clock.instant())) {
                        return new ReplayResult(id, ReplayOutcome.NOT_OPEN,
                                "Dead letter " + id + " is " + currentStatus(id) + "; only OPEN dead letters can be replayed");
                    }
                    if (!events.requeue(dl.inboxEventId())) {
                        status.setRollbackOnly();
                        return new ReplayResult(id, ReplayOutcome.NOT_REQUEUED, "The inbox did not requeue event "
                                + dl.inboxEventId() + ": it no longer exists or is not dead-lettered");
                    }
                    ReplayResult ok = new ReplayResult(id, ReplayOutcome.REQUEUED,
                            "Inbox event " + dl.inboxEventId() + " requeued");
                    // in the same transaction as the status change: no replay without its audit row
                    audit.record(actor, REPLAY, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id), target,
                            ok.outcome().name(), ok.detail(), clock.instant());
                    return ok;
                });
            } catch (RuntimeException e) {
                log.warn("Replay of dead letter {} (inbox event {}) failed", id, dl.inboxEventId(), e);
                result = new ReplayResult(id, ReplayOutcome.ERROR,
                        "Requeue failed: " + e.getClass().getSimpleName());
            }
        }
        if (result.outcome() != ReplayOutcome.REQUEUED) {
            audit.record(actor, REPLAY, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id), target,
                    result.outcome().name(), result.detail(), clock.instant());
        } else {
            log.info("Dead letter {} (inbox event {}, flow {}) replayed by {}", id, dl.inboxEventId(), dl.flow(), actor);
        }
        return result;
    }

    private String currentStatus(long id) {
        return store.find(id).map(d -> d.status().name()).orElse("gone");
    }

    private static Map<String, Object> target(DeadLetter dl) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("deadLetterId", dl.id());
        target.put("inboxEventId", dl.inboxEventId());
        target.put("flow", dl.flow());
        target.put("recordId", dl.recordId());
        return target;
    }

    private static AdminActionException notFound(long id) {
        return new AdminActionException(HttpStatus.NOT_FOUND, "No dead letter " + id);
    }
}
