package io.revloop.sandbox.salesforce;

/** The REST failures a test can make the org produce. */
public enum Fault {
    /** 403 {@code REQUEST_LIMIT_EXCEEDED}, as when the daily allocation is used up. */
    REQUEST_LIMIT_EXCEEDED,
    /** The caller's access token expires: 401 {@code INVALID_SESSION_ID}; the client must log in again. */
    INVALID_SESSION_ID,
    /** 400 {@code UNABLE_TO_LOCK_ROW}: another transaction holds the record. */
    UNABLE_TO_LOCK_ROW,
    /** 400 {@code DUPLICATE_VALUE}, as a duplicate rule or unique index would reject the write. */
    DUPLICATE_VALUE,
    /** 500 {@code UNKNOWN_EXCEPTION}. */
    SERVER_ERROR,
    /** 503, as during maintenance or an instance overload. */
    SERVICE_UNAVAILABLE,
    /** The call succeeds, slowly (see {@link FaultRule#delay}). */
    SLOW
}
