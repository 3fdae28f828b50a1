package io.revloop.inbox;

import java.time.Instant;

/**
 * One durably stored source event (a Salesforce change event for one record, an Ordway poll hit, a webhook hint).
 *
 * @param id              inbox row id
 * @param source          {@code salesforce} or {@code ordway}
 * @param eventKey        unique per source: the business identity of the event, e.g. {@code cdc:<transactionKey>:<sequenceNumber>:<recordId>}
 * @param flow            id of the flow route that handles it (its {@code direct:} endpoint has the same name)
 * @param entity          source object, e.g. {@code Opportunity}, {@code invoice}
 * @param recordId        source record id; events of one record are processed in order, one at a time
 * @param changeType      CREATE, UPDATE, DELETE, UNDELETE, GAP_*, RESYNC, POLL ...
 * @param priority        lower runs first (0 = billing-critical)
 * @param payload         the original event as JSON
 * @param correlationId   carried through logs, retries, dead letters and audit records
 * @param receivedAt      when revloop stored it
 * @param sourceTimestamp when the source committed it (CDC commitTimestamp, Ordway updated_date); for end-to-end latency
 * @param attempts        processing attempts so far
 */
public record InboxEvent(
        long id,
        String source,
        String eventKey,
        String flow,
        String entity,
        String recordId,
        String changeType,
        int priority,
        String payload,
        String correlationId,
        Instant receivedAt,
        Instant sourceTimestamp,
        int attempts) {
}
