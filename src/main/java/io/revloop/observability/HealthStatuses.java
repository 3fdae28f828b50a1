package io.revloop.observability;

import org.springframework.boot.actuate.health.Status;

public final class HealthStatuses {

    /**
     * Working, but an operator should look. Ordered between OUT_OF_SERVICE and UP and answered with HTTP 200
     * (see {@code management.endpoint.health.status.*}), so it alerts without failing probes.
     */
    public static final Status DEGRADED = new Status("DEGRADED");

    private HealthStatuses() {
    }
}
