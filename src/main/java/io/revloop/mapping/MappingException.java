package io.revloop.mapping;

import io.revloop.inbox.PermanentSyncException;

/**
 * A source record could not be mapped: a required value is missing, a product has no lookup entry, a value cannot be
 * normalised. Retrying does not help; the record (or the mapping) has to be fixed, so the sync core dead-letters it.
 */
public class MappingException extends PermanentSyncException {

    private final String recordId;
    private final String field;

    public MappingException(String recordId, String field, String message, Throwable cause) {
        super(message, cause);
        this.recordId = recordId;
        this.field = field;
    }

    /** Id of the source record being mapped (e.g. the Opportunity id), null if the record has none. */
    public String recordId() {
        return recordId;
    }

    /** Target field path, with the 1-based item number for list items, e.g. {@code plans[2].plan_id}. */
    public String field() {
        return field;
    }
}
