package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Map;

/**
 * One Change Data Capture event as the org commits it, before it is put on the wire.
 *
 * @param entityName      e.g. {@code Account}
 * @param recordIds       the changed records (several when one change spans records; empty for GAP_OVERFLOW)
 * @param changeType      CREATE, UPDATE, DELETE, UNDELETE, GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE, GAP_OVERFLOW
 * @param changeOrigin    e.g. {@code com/salesforce/api/rest/62.0;client=revloop}
 * @param transactionKey  shared by all changes of one transaction
 * @param sequenceNumber  1..n within the transaction
 * @param commitTimestamp epoch millis
 * @param commitNumber    monotonically increasing per org
 * @param commitUser      18-character id of the user who made the change
 * @param changedFields   fields changed by an UPDATE (plus LastModifiedDate)
 * @param nulledFields    fields set to null
 * @param diffFields      long text fields sent as diffs (usually empty)
 * @param fields          the event body: all non-empty fields on CREATE/UNDELETE, changed ones on UPDATE, none on DELETE
 */
public record ChangeEvent(
        String entityName,
        List<String> recordIds,
        String changeType,
        String changeOrigin,
        String transactionKey,
        int sequenceNumber,
        long commitTimestamp,
        long commitNumber,
        String commitUser,
        List<String> changedFields,
        List<String> nulledFields,
        List<String> diffFields,
        Map<String, Object> fields) {
}
