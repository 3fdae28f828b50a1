package io.revloop.inbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Next attempt time for a transient failure: exponential backoff with full jitter, never before Retry-After. */
@Component
public class BackoffPolicy {

    private final InboxProperties.Retry retry;
    private final DoubleSupplier random;

    @Autowired
    public BackoffPolicy(InboxProperties properties) {
        this(properties.retry(), () -> ThreadLocalRandom.current().nextDouble());
    }

    BackoffPolicy(InboxProperties.Retry retry, DoubleSupplier random) {
        this.retry = retry;
        this.random = random;
    }

    /**
     * @param now        failure time
     * @param attempts   attempts made so far, including the failed one (1 after the first failure)
     * @param retryAfter what the target asked for, or null
     */
    public Instant nextAttempt(Instant now, int attempts, Duration retryAfter) {
        long base = retry.baseDelay().toMillis();
        long cap = retry.maxDelay().toMillis();
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long ceiling = Math.min(cap, base * (1L << exponent));
        // Full jitter spreads a burst of failures from one outage, but keep at least base/2 so a retry is never hot.
        long delay = Math.max(base / 2, (long) (random.getAsDouble() * ceiling));
        Instant next = now.plusMillis(delay);
        if (retryAfter != null && now.plus(retryAfter).isAfter(next)) {
            next = now.plus(retryAfter);
        }
        return next;
    }

    /** True when a transient failure should stop retrying and be dead-lettered. */
    public boolean exhausted(Instant now, Instant firstFailureAt, int attempts) {
        if (retry.maxAttempts() > 0 && attempts >= retry.maxAttempts()) {
            return true;
        }
        return firstFailureAt != null && Duration.between(firstFailureAt, now).compareTo(retry.maxAge()) > 0;
    }
}
