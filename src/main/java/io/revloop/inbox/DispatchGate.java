package io.revloop.inbox;

import java.time.Instant;
import java.util.Set;

/** What the worker may claim right now; the API budget decides it. */
public interface DispatchGate {

    /** Highest priority number that may run (lower = more urgent); {@link Integer#MAX_VALUE} when unrestricted. */
    int maxClaimablePriority(Instant now);

    /** Flows that must not run now (e.g. Salesforce writes while the API allocation is used up). */
    Set<String> pausedFlows(Instant now);

    /** Called when a target reported that its API allocation is exhausted. */
    void allocationExhausted(Instant now);
}
