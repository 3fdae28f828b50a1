package io.revloop.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.testing.MutableClock;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FailureClassifier classifier = new FailureClassifier(clock);

    private static HttpOperationFailedException http(int status, Map<String, String> headers) {
        return new HttpOperationFailedException("https://ordway.test/customers?x=1", status, "", null, headers, "");
    }

    private static SalesforceException sf(int status, String code) {
        return new SalesforceException(List.of(new RestError(code, "msg", List.of("StageName"))), status);
    }

    @Test
    void networkErrorsTimeoutsAnd5xxAreTransient() {
        assertThat(classifier.classify(new SocketTimeoutException("read timed out")).transientFailure()).isTrue();
        assertThat(classifier.classify(new RuntimeException(new IOException("reset"))).transientFailure()).isTrue();
        assertThat(classifier.classify(http(502, Map.of())).transientFailure()).isTrue();
    }

    @Test
    void http429HonoursRetryAfterInSecondsOrAsADate() {
        Failure seconds = classifier.classify(http(429, Map.of("Retry-After", "120")));
        assertThat(seconds.transientFailure()).isTrue();
        assertThat(seconds.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        Failure date = classifier.classify(http(429, Map.of("retry-after", "Sun, 01 Mar 2026 10:05:00 GMT")));
        assertThat(date.retryAfter()).isEqualTo(Duration.ofMinutes(5));
        assertThat(classifier.classify(http(429, Map.of())).retryAfter()).isNull();
    }

    @Test
    void aTruncatedJsonResponseIsTransientOtherUnreadableJsonIsPermanent() {
        ObjectMapper mapper = new ObjectMapper();
        Throwable truncated = catchThrowable(() -> mapper.readTree("{\"id\":\"C-0001\",\"name\":\"Acme"));
        Failure cut = classifier.classify(new RuntimeException(truncated));
        assertThat(cut.transientFailure()).isTrue();
        assertThat(cut.reason()).startsWith("truncated JSON response: JsonEOFException");

        Throwable garbage = catchThrowable(() -> mapper.readTree("{\"id\": C-0001}"));
        assertThat(classifier.classify(garbage).transientFailure()).isFalse();
        assertThat(classifier.classify(garbage).reason()).isEqualTo("unreadable JSON: JsonParseException");
    }

    @Test
    void otherClientErrorsArePermanent() {
        Failure f = classifier.classify(http(422, Map.of()));
        assertThat(f.transientFailure()).isFalse();
        assertThat(f.reason()).isEqualTo("HTTP 422 from https://ordway.test/customers");
    }

    @Test
    void rawPayloadErrorsAreClassifiedByTheCodesInTheirMessage() {
        SalesforceException locked = new SalesforceException("[{\"message\":\"unable to obtain exclusive access\","
                + "\"errorCode\":\"UNABLE_TO_LOCK_ROW\",\"fields\":[]}]", 400);
        assertThat(classifier.classify(locked).transientFailure()).isTrue();
        SalesforceException invalid = new SalesforceException("[{\"message\":\"bad\","
                + "\"errorCode\":\"FIELD_CUSTOM_VALIDATION_EXCEPTION\",\"fields\":[]}]", 400);
        assertThat(classifier.classify(invalid).transientFailure()).isFalse();
    }

    @Test
    void salesforceLockAndLimitErrorsAreTransientValidationIsPermanent() {
        assertThat(classifier.classify(sf(400, "UNABLE_TO_LOCK_ROW")).transientFailure()).isTrue();
        Failure limit = classifier.classify(sf(403, "REQUEST_LIMIT_EXCEEDED"));
        assertThat(limit.transientFailure()).isTrue();
        assertThat(limit.budgetExhausted()).isTrue();
        assertThat(classifier.classify(sf(503, "SERVER_UNAVAILABLE")).transientFailure()).isTrue();
        Failure invalid = classifier.classify(sf(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION"));
        assertThat(invalid.transientFailure()).isFalse();
        assertThat(invalid.reason()).contains("FIELD_CUSTOM_VALIDATION_EXCEPTION").contains("StageName");
        assertThat(classifier.classify(sf(400, "MALFORMED_ID")).transientFailure()).isFalse();
    }

    @Test
    void aFlowsPermanentSyncExceptionWinsEvenWhenWrapped() {
        Failure f = classifier.classify(new RuntimeException(new PermanentSyncException("Opportunity 006A: no SKU")));
        assertThat(f.transientFailure()).isFalse();
        assertThat(f.reason()).isEqualTo("Opportunity 006A: no SKU");
    }
}
