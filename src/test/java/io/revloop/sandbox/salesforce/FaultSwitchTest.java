package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each REST fault switch, as the unmodified camel-salesforce producer experiences it. */
class FaultSwitchTest {

    private static SalesforceSandbox sandbox;
    private static CamelSalesforceClient client;

    @BeforeAll
    static void start() {
        sandbox = SalesforceSandbox.builder().build().start(0);
        client = CamelSalesforceClient.password(sandbox);
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.stop();
    }

    @AfterEach
    void clearFaults() {
        sandbox.faults().clear();
        sandbox.apiUsage().setMax(100_000);
    }

    @Test
    void requestLimitExceededBySwitchAndByExhaustingTheDailyAllocation() {
        sandbox.faults().next(Fault.REQUEST_LIMIT_EXCEEDED);
        SalesforceException switched = failure(client.send("limits", null));
        assertThat(switched.getStatusCode()).isEqualTo(403);
        assertThat(switched.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(switched.getErrors().get(0).getMessage()).isEqualTo("TotalRequests Limit exceeded.");
        assertThat(client.send("limits", null).getException()).isNull();

        sandbox.apiUsage().setMax(sandbox.apiUsage().used() + 1);
        assertThat(client.send("limits", null).getException()).isNull();
        SalesforceException exhausted = failure(client.send("limits", null));
        assertThat(exhausted.getErrors().get(0).getErrorCode()).isEqualTo("REQUEST_LIMIT_EXCEEDED");

        sandbox.clock().advance(Duration.ofHours(25));
        assertThat(client.send("limits", null).getException()).isNull();
        assertThat(sandbox.apiUsage().used()).isEqualTo(1);
    }

    @Test
    void expiredSessionIsRenewedTransparently() {
        String id = sandbox.org().create("Account", Map.of("Name", "Session Co"));

        sandbox.tokens().expireAll();
        Exchange afterExpiry = client.send("updateSObject?sObjectName=Account&sObjectId=" + id, "{\"Phone\":\"1\"}");
        assertThat(afterExpiry.getException()).isNull();
        assertThat(sandbox.org().get(id).orElseThrow()).containsEntry("Phone", "1");
        assertThat(sandbox.tokens().activeTokens()).isEqualTo(1);

        sandbox.faults().next(Fault.INVALID_SESSION_ID);
        Exchange afterFault = client.send("updateSObject?sObjectName=Account&sObjectId=" + id, "{\"Phone\":\"2\"}");
        assertThat(afterFault.getException()).isNull();
        assertThat(sandbox.org().get(id).orElseThrow()).containsEntry("Phone", "2");
        assertThat(sandbox.faults().pending()).isFalse();
    }

    @Test
    void unableToLockRowOnlyWhereArmed() {
        String id = sandbox.org().create("Account", Map.of("Name", "Locked Co"));
        sandbox.faults().add(FaultRule.of(Fault.UNABLE_TO_LOCK_ROW).method("PATCH").path("sobjects/Account/.*").times(2));

        assertThat(client.send("getSObject?sObjectName=Account&sObjectId=" + id, null).getException()).isNull();
        for (int attempt = 0; attempt < 2; attempt++) {
            SalesforceException locked = failure(client.send("updateSObject?sObjectName=Account&sObjectId=" + id, "{\"Phone\":\"9\"}"));
            assertThat(locked.getStatusCode()).isEqualTo(400);
            assertThat(locked.getErrors().get(0).getErrorCode()).isEqualTo("UNABLE_TO_LOCK_ROW");
            assertThat(locked.getErrors().get(0).getMessage()).isEqualTo("unable to obtain exclusive access to this record or 1 records: " + id);
        }
        assertThat(sandbox.org().get(id).orElseThrow().get("Phone")).isNull();
        assertThat(client.send("updateSObject?sObjectName=Account&sObjectId=" + id, "{\"Phone\":\"9\"}").getException()).isNull();
    }

    @Test
    void duplicateValueAndServerErrors() {
        sandbox.faults().next(Fault.DUPLICATE_VALUE);
        SalesforceException duplicate = failure(client.send("createSObject?sObjectName=Account", "{\"Name\":\"Dup\"}"));
        assertThat(duplicate.getErrors().get(0).getErrorCode()).isEqualTo("DUPLICATE_VALUE");
        assertThat(sandbox.org().findBy("Account", "Name", "Dup")).isEmpty();

        sandbox.faults().next(Fault.SERVER_ERROR);
        SalesforceException serverError = failure(client.send("limits", null));
        assertThat(serverError.getStatusCode()).isEqualTo(500);
        assertThat(serverError.getErrors().get(0).getErrorCode()).isEqualTo("UNKNOWN_EXCEPTION");

        sandbox.faults().next(Fault.SERVICE_UNAVAILABLE);
        assertThat(failure(client.send("limits", null)).getStatusCode()).isEqualTo(503);
    }

    @Test
    void slowResponsesAreSlowButSucceed() {
        Duration delay = Duration.ofMillis(1200);
        sandbox.faults().add(FaultRule.of(Fault.SLOW).delay(delay).path("limits"));
        long start = System.nanoTime();
        Exchange exchange = client.send("limits", null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(exchange.getException()).isNull();
        assertThat(took).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void slowResponsesTripTheClientTimeout() {
        try (CamelSalesforceClient impatient = CamelSalesforceClient.custom(sandbox, c -> {
            c.setAuthenticationType(org.apache.camel.component.salesforce.AuthenticationType.USERNAME_PASSWORD);
            c.setClientSecret(sandbox.credentials().clientSecret());
            c.setUserName(sandbox.credentials().username());
            c.setPassword(sandbox.credentials().password());
            c.setHttpRequestTimeout(300);
        })) {
            sandbox.faults().add(FaultRule.of(Fault.SLOW).delay(Duration.ofMillis(1500)));
            Exchange exchange = impatient.send("limits", null);
            assertThat(exchange.getException()).isNotNull();
            assertThat(exchange.getException()).hasStackTraceContaining("imeout");
        }
    }

    private static SalesforceException failure(Exchange exchange) {
        assertThat(exchange.getException()).isInstanceOf(SalesforceException.class);
        return (SalesforceException) exchange.getException();
    }
}
