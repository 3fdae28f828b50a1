package io.revloop.deadletter;

import io.revloop.inbox.DeadLetterSink;
import io.revloop.inbox.InboxEvent;
import io.revloop.observability.FlowMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.camel.RuntimeCamelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Stores what the inbox worker gives up on, with a cause an operator can read. */
@Component
public class JdbcDeadLetterSink implements DeadLetterSink, DeadLetterResolver {

    static final String CORRELATION_ID = "correlationId";
    static final int MAX_MESSAGE_CHARS = 4000;
    private static final int MAX_CAUSES = 3;
    private static final Logger log = LoggerFactory.getLogger(JdbcDeadLetterSink.class);

    private final DeadLetterStore store;
    private final FlowMetrics metrics;
    private final Clock clock;

    public JdbcDeadLetterSink(DeadLetterStore store, FlowMetrics metrics, ObjectProvider<Clock> clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Override
    @Transactional
    public void deadLetter(InboxEvent event, String routeId, Throwable cause, Instant firstFailureAt) {
        Throwable root = unwrap(cause);
        String errorType = root == null ? "Unknown" : root.getClass().getSimpleName();
        String message = describe(root);
        long id = store.record(new DeadLetterStore.Failure(
                event.id(), event.source(), event.eventKey(), event.flow(), routeId, event.entity(),
                event.recordId(), event.changeType(), errorType, message, event.payload(),
                Math.max(1, event.attempts()), firstFailureAt, clock.instant(), event.correlationId()));
        metrics.deadLettered(event.flow());
        String previous = MDC.get(CORRELATION_ID);
        if (event.correlationId() != null) {
            MDC.put(CORRELATION_ID, event.correlationId());
        }
        try {
            // the message goes through the masking log layout; the stored copy is encrypted
            log.warn("Dead-lettered inbox event {} ({} {}) on flow {} route {} after {} attempts as dead letter {}: {}: {}",
                    event.id(), event.entity(), event.recordId(), event.flow(), routeId, event.attempts(), id,
                    errorType, message);
        } finally {
            if (previous == null) {
                MDC.remove(CORRELATION_ID);
            } else {
                MDC.put(CORRELATION_ID, previous);
            }
        }
    }

    @Override
    public void replaySucceeded(long inboxEventId) {
        if (store.resolveReplayed(inboxEventId, clock.instant())) {
            log.info("Replayed inbox event {} processed successfully; its dead letter is resolved", inboxEventId);
        }
    }

    /** Camel and executors wrap the interesting exception; the operator wants the one that says what broke. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current != null && current.getCause() != null && current.getCause() != current
                && (current instanceof RuntimeCamelException || current instanceof CompletionException
                || current instanceof ExecutionException)) {
            current = current.getCause();
        }
        return current;
    }

    static String describe(Throwable root) {
        if (root == null) {
            return "No exception was given";
        }
        StringBuilder text = new StringBuilder(root.getMessage() == null ? "(no message)" : root.getMessage());
        Throwable cause = root.getCause();
        for (int i = 0; i < MAX_CAUSES && cause != null && cause != root; i++, cause = cause.getCause()) {
            text.append("; caused by ").append(cause.getClass().getSimpleName());
            if (cause.getMessage() != null) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.length() <= MAX_MESSAGE_CHARS ? text.toString() : text.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
    }
}
