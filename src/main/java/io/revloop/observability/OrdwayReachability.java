package io.revloop.observability;

import java.time.Duration;
import java.time.Instant;

/** Whether Ordway answers an authenticated request. */
public interface OrdwayReachability {

    Result check();

    /**
     * @param configured false when credentials are missing and no call was made
     * @param httpStatus the status Ordway answered with; null when no answer
     */
    record Result(boolean configured, boolean reachable, Integer httpStatus, String detail, Instant checkedAt,
                  Duration latency) {
    }
}
