package io.revloop.observability;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Thresholds of the revloop health indicators.
 *
 * @param deadLettersDegradedAt open dead letters at which health turns DEGRADED
 * @param checkpointDegradedAfter checkpoint age at which health turns DEGRADED
 * @param checkpointDownAfter checkpoint age at which health turns DOWN: Salesforce keeps change events 72 h, so past
 *                            this a resync is close to unavoidable
 * @param intakeDegradedLag age of the oldest pending inbox event at which health turns DEGRADED
 * @param ordwayCheckInterval Ordway is called at most once per interval, however often health is read
 * @param ordwayTimeout       connect and request time-out of that call
 */
@ConfigurationProperties("revloop.health")
public record HealthProperties(
        @DefaultValue("1") long deadLettersDegradedAt,
        @DefaultValue("6h") Duration checkpointDegradedAfter,
        @DefaultValue("60h") Duration checkpointDownAfter,
        @DefaultValue("5m") Duration intakeDegradedLag,
        @DefaultValue("60s") Duration ordwayCheckInterval,
        @DefaultValue("5s") Duration ordwayTimeout) {
}
