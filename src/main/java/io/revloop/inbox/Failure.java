package io.revloop.inbox;

import java.time.Duration;

/**
 * How a failed attempt is treated.
 *
 * @param transientFailure true when a later attempt may succeed
 * @param retryAfter       minimum wait the target asked for, or null
 * @param reason           short cause for logs and the dead letter (error codes and ids, no payload)
 * @param budgetExhausted  the Salesforce API allocation is used up: pause Salesforce writes
 */
public record Failure(boolean transientFailure, Duration retryAfter, String reason, boolean budgetExhausted) {

    static Failure transientOne(String reason, Duration retryAfter) {
        return new Failure(true, retryAfter, reason, false);
    }

    static Failure permanent(String reason) {
        return new Failure(false, null, reason, false);
    }
}
