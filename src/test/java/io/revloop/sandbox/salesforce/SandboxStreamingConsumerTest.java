package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The Camel consumer against the full Salesforce sandbox: OAuth and REST from {@link SalesforceSandbox}, the Streaming
 * API from {@link CometdStreaming}, writes through the camel-salesforce producer (REST) so that every change event is
 * the org's own.
 */
class SandboxStreamingConsumerTest extends CamelStreamingContract {

    @Override
    StreamingOrg startOrg() {
        return new SandboxOrg();
    }

    @Test
    void eventsOlderThanTheRetentionWindowOnTheOrgClockAreNoLongerReplayed() throws Exception {
        SandboxOrg sandbox = (SandboxOrg) org;
        org.createAccount("Old");
        sandbox.sandbox.clock().advance(Duration.ofHours(73));
        String recent = org.createAccount("Recent");

        CamelSubscriber.forgetReplayIds();
        try (CamelSubscriber camel = new CamelSubscriber(org, Map.of("accounts", ACCOUNTS_URI + "?replayId=-2"))) {
            await().atMost(BOUND).until(() -> camel.received("accounts").size() >= 1);
            assertThat(camel.headers("accounts", "CamelSalesforceRecordIds")).containsExactly(List.of(recent));
        }
    }

    static final class SandboxOrg implements StreamingOrg {
        private static final ObjectMapper JSON = new ObjectMapper();

        final SalesforceSandbox sandbox;
        private final CometdStreaming streaming;
        private final CamelSalesforceClient rest;

        SandboxOrg() {
            streaming = new CometdStreaming(StreamingSettings.forTests(Clock.systemUTC()));
            sandbox = SalesforceSandbox.builder().streaming(streaming).build();
            streaming.useClock(sandbox.clock()::now);
            sandbox.start(0);
            rest = CamelSalesforceClient.refreshToken(sandbox);
        }

        @Override
        public String baseUrl() {
            return sandbox.baseUrl();
        }

        @Override
        public String clientId() {
            return sandbox.credentials().clientId();
        }

        @Override
        public String clientSecret() {
            return sandbox.credentials().clientSecret();
        }

        @Override
        public String refreshToken() {
            return sandbox.refreshToken();
        }

        @Override
        public CometdStreaming streaming() {
            return streaming;
        }

        @Override
        public String createAccount(String name) {
            String reply = rest.request("createSObject?sObjectName=Account", json(Map.of("Name", name)));
            try {
                return JSON.readTree(reply).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(reply, e);
            }
        }

        @Override
        public void updateAccount(String id, Map<String, Object> fields) {
            rest.request("updateSObject?sObjectName=Account&sObjectId=" + id, json(fields));
        }

        @Override
        public void deleteAccount(String id) {
            rest.request("deleteSObject?sObjectName=Account&sObjectId=" + id, null);
        }

        @Override
        public void undeleteAccount(String id) {
            // The REST API has no undelete; the org undeletes from the recycle bin.
            sandbox.org().undelete("Account", id);
        }

        @Override
        public void expireTokens() {
            sandbox.tokens().expireAll();
        }

        @Override
        public void close() {
            rest.close();
            sandbox.stop();
        }

        private static String json(Map<String, Object> fields) {
            try {
                return JSON.writeValueAsString(fields);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
