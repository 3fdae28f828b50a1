package io.revloop.inbox;

/** Headers the worker sets on the exchange it sends to a flow's {@code direct:<flow>} endpoint. */
public final class InboxHeaders {

    public static final String CORRELATION_ID = "RevloopCorrelationId";
    public static final String INBOX_ID = "RevloopInboxId";
    public static final String ATTEMPT = "RevloopAttempt";
    public static final String SOURCE = "RevloopSource";
    public static final String EVENT_KEY = "RevloopEventKey";
    public static final String ENTITY = "RevloopEntity";
    public static final String RECORD_ID = "RevloopRecordId";
    public static final String CHANGE_TYPE = "RevloopChangeType";
    public static final String PRIORITY = "RevloopPriority";

    /** MDC keys carried in every log line of an attempt. */
    public static final String MDC_CORRELATION_ID = "correlationId";
    public static final String MDC_INBOX_ID = "inboxId";

    private InboxHeaders() {
    }
}
