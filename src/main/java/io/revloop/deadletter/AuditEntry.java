package io.revloop.deadletter;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One row of the append-only admin audit trail.
 *
 * @param target JSON naming what was acted on (ids, or the filter of a bulk action)
 */
public record AuditEntry(
        long id, Instant occurredAt, String actor, String action, String targetType, String targetId,
        @JsonRawValue String target, String outcome, String detail) {
}
