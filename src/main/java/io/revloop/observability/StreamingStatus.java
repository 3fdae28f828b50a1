package io.revloop.observability;

import java.time.Instant;
import java.util.Optional;

/** State of the Salesforce streaming (CDC) subscription, provided by the intake. */
public interface StreamingStatus {

    boolean connected();

    /** When the last change event arrived; empty when none since start-up. */
    Optional<Instant> lastEventAt();

    /** The last connection or subscription error, without credentials; empty when none. */
    Optional<String> lastError();
}
