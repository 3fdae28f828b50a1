package io.revloop.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.camel.ExchangeTimedOutException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Decides whether a failed attempt is retried later or dead-lettered now. One place for every target: Salesforce
 * (camel-salesforce {@link SalesforceException}), Ordway and other HTTP targets (camel-http
 * {@link HttpOperationFailedException}), network errors, and the flows' own {@link PermanentSyncException}.
 */
@Component
public class FailureClassifier {

    static final String REQUEST_LIMIT_EXCEEDED = "REQUEST_LIMIT_EXCEEDED";

    private static final Set<String> TRANSIENT_SALESFORCE_CODES = Set.of(
            "UNABLE_TO_LOCK_ROW", REQUEST_LIMIT_EXCEEDED, "SERVER_UNAVAILABLE", "INVALID_SESSION_ID",
            "API_CURRENTLY_DISABLED", "QUERY_TIMEOUT");

    private final Clock clock;

    public FailureClassifier(Clock clock) {
        this.clock = clock;
    }

    public Failure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Failure f = classifyOne(t);
            if (f != null) {
                return f;
            }
        }
        // Unknown errors are retried so nothing is lost; the max age still bounds them and then dead-letters them.
        return Failure.transientOne(describe(error), null);
    }

    private Failure classifyOne(Throwable t) {
        if (t instanceof PermanentSyncException) {
            return Failure.permanent(t.getMessage());
        }
        if (t instanceof TransientSyncException tse) {
            return Failure.transientOne(t.getMessage(), tse.retryAfter());
        }
        if (t instanceof SalesforceException sfe) {
            return classifySalesforce(sfe);
        }
        if (t instanceof HttpOperationFailedException http) {
            return classifyHttp(http.getStatusCode(), http.getResponseHeaders(), "HTTP " + http.getStatusCode()
                    + " from " + http.getUri().replaceAll("\\?.*", ""));
        }
        if (t instanceof JsonEOFException) {
            // JSON that stops mid-way: a body cut off in transit. Stored payloads are complete, so it is a response.
            return Failure.transientOne("truncated JSON response: " + describe(t), null);
        }
        if (t instanceof JsonProcessingException) {
            return Failure.permanent("unreadable JSON: " + t.getClass().getSimpleName());
        }
        if (t instanceof IOException || t instanceof TimeoutException || t instanceof ExchangeTimedOutException) {
            return Failure.transientOne(describe(t), null);
        }
        return null;
    }

    private Failure classifySalesforce(SalesforceException e) {
        List<RestError> errors = e.getErrors() == null || e.getErrors().isEmpty() ? errorsInMessage(e)
                : e.getErrors();
        String codes = errors.stream().map(RestError::getErrorCode).distinct().reduce((a, b) -> a + "," + b)
                .orElse("");
        String reason = "Salesforce " + e.getStatusCode() + (codes.isEmpty() ? "" : " " + codes)
                + fieldsOf(errors);
        boolean limit = errors.stream().anyMatch(r -> REQUEST_LIMIT_EXCEEDED.equals(r.getErrorCode()));
        if (limit) {
            return new Failure(true, null, reason, true);
        }
        if (errors.stream().anyMatch(r -> TRANSIENT_SALESFORCE_CODES.contains(r.getErrorCode()))) {
            return Failure.transientOne(reason, null);
        }
        int status = e.getStatusCode();
        if (status == 0 || status >= 500 || status == 429 || status == 408) {
            // status 0: no response at all (connection failure wrapped by the client)
            return Failure.transientOne(reason, null);
        }
        return Failure.permanent(reason);
    }

    /**
     * Raw-payload calls (composite, sObject Collections) leave {@code getErrors()} empty and put Salesforce's error
     * array in the message; without its codes a 400 UNABLE_TO_LOCK_ROW would look permanent.
     */
    private static List<RestError> errorsInMessage(SalesforceException e) {
        if (e.getMessage() == null) {
            return List.of();
        }
        java.util.regex.Matcher m = ERROR_CODE.matcher(e.getMessage());
        List<RestError> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(new RestError(m.group(1), ""));
        }
        return found;
    }

    private static final java.util.regex.Pattern ERROR_CODE =
            java.util.regex.Pattern.compile("\"errorCode\"\\s*:\\s*\"([A-Z_]+)\"");

    private static String fieldsOf(List<RestError> errors) {
        String fields = errors.stream().filter(r -> r.getFields() != null).flatMap(r -> r.getFields().stream())
                .distinct().reduce((a, b) -> a + "," + b).orElse("");
        return fields.isEmpty() ? "" : " fields=" + fields;
    }

    Failure classifyHttp(int status, Map<String, String> headers, String reason) {
        if (status == 429 || status == 503) {
            return Failure.transientOne(reason, retryAfter(headers));
        }
        if (status >= 500 || status == 408 || status == 425) {
            return Failure.transientOne(reason, null);
        }
        return Failure.permanent(reason);
    }

    /** Retry-After as delta-seconds or an HTTP-date; null when absent or unreadable. */
    Duration retryAfter(Map<String, String> headers) {
        if (headers == null) {
            return null;
        }
        String value = headers.entrySet().stream().filter(h -> "Retry-After".equalsIgnoreCase(h.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + truncate(msg));
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
