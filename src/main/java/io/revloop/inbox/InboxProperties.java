package io.revloop.inbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker and persisted-retry settings.
 *
 * @param worker how events are claimed and run
 * @param retry  how transient failures are rescheduled and when they give up
 */
@ConfigurationProperties(prefix = "revloop.inbox")
public record InboxProperties(@DefaultValue Worker worker, @DefaultValue Retry retry) {

    /**
     * @param enabled      start the worker threads with the application
     * @param threads      worker threads in this instance
     * @param pollInterval pause between polls when nothing was claimable
     * @param batchSize    candidates read per poll
     * @param lease        how long a claim is held; a killed worker's events are re-claimed after it
     * @param instanceId   lease owner name; defaults to a random id per JVM
     * @param stuckAfter   a worker still inside one event after this is stuck (a hung client): liveness goes DOWN
     */
    public record Worker(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("2") int threads,
            @DefaultValue("500ms") Duration pollInterval,
            @DefaultValue("20") int batchSize,
            @DefaultValue("5m") Duration lease,
            @DefaultValue("") String instanceId,
            @DefaultValue("10m") Duration stuckAfter) {
    }

    /**
     * @param baseDelay   first backoff step
     * @param maxDelay    cap of one backoff step
     * @param maxAge      a transient failure gives up (dead letter) once the first failure is older than this
     * @param maxAttempts and after this many attempts (0 = no count limit)
     */
    public record Retry(
            @DefaultValue("5s") Duration baseDelay,
            @DefaultValue("15m") Duration maxDelay,
            @DefaultValue("24h") Duration maxAge,
            @DefaultValue("0") int maxAttempts) {
    }
}
