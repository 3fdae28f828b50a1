package io.revloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.revloop.sandbox.ordway.FaultRule;
import io.revloop.sandbox.salesforce.OrgUsers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Salesforce Account to Ordway customer through the real application and both sandboxes: one customer per Account,
 * the Ordway id written back without looping, an hour-long Ordway outage survived, and a poison Account dead-lettered,
 * fixed and replayed by an operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AccountSyncE2eContract {

    static final Duration BOUND = Duration.ofSeconds(30);

    E2eSystems systems;
    ConfigurableApplicationContext app;

    abstract E2eDatabase.Kind database();

    @BeforeAll
    void start() {
        systems = E2eSystems.start(database(), "account_sync");
        // Retries a minute apart at the least: only the test's clock moves them, so the outage below is simulated.
        app = systems.startApp("worker-a", Map.of("revloop.inbox.retry.base-delay", "1m"));
    }

    @AfterAll
    void stop() {
        if (systems != null) {
            systems.close();
        }
    }

    @Test
    void accountBecomesOneCustomerItsOwnWriteBackDoesNotLoopAndAPersonsLaterEditStillFlows() {
        String id = systems.createAccount("Acme Echo Ltd");

        await().atMost(BOUND).until(() -> "Synced".equals(systems.account(id).get("Ordway_Sync_Status__c")));
        String customerId = (String) systems.account(id).get("Ordway_Customer_Id__c");
        JsonNode customer = systems.ordway.company().customer(customerId);
        assertThat(customer.path("salesforce_id").asText()).isEqualTo(id);
        assertThat(customer.path("name").asText()).isEqualTo("Acme Echo Ltd");
        assertThat(systems.account(id).get("Ordway_Last_Synced__c")).isNotNull();

        // The write-back's own change event reaches the intake and is dropped there.
        awaitIntakeCaughtUp();
        assertThat(echoes()).isGreaterThanOrEqualTo(1.0);
        assertThat(systems.inboxEvents(id)).isEqualTo(1);
        assertThat(systems.ordwayCalls("POST", ".*/customers")).isGreaterThanOrEqualTo(1);
        assertThat(systems.customerCreatesBySalesforceId()).containsEntry(id, 1L);
        assertThat(systems.ordwayCalls("PUT", ".*/customers/" + customerId)).isZero();

        String person = OrgUsers.createUser(systems.salesforce, "dana@customer.example", "Dana");
        OrgUsers.updateAs(systems.salesforce, person, "Account", id, Map.of("Website", "https://acme.example"));

        await().atMost(BOUND).until(() -> "https://acme.example".equals(
                systems.ordway.company().customer(customerId).path("website").asText()));
        awaitIntakeCaughtUp();
        await().atMost(BOUND).until(() -> systems.inboxByStatus().keySet().equals(java.util.Set.of("DONE")));
        assertThat(systems.inboxEvents(id)).isEqualTo(2);
        assertThat(systems.ordwayCalls("PUT", ".*/customers/" + customerId)).isEqualTo(1);
        assertThat(systems.customerCreatesBySalesforceId()).containsEntry(id, 1L);
        assertThat(systems.customersBySalesforceId().get(id)).hasSize(1);
        assertThat(systems.apiWritesTo(id)).isEqualTo(2);
    }

    @Test
    void anHourLongOrdwayOutageEndsWithEveryEventDeliveredAndNoDeadLetter() {
        systems.ordway.faults().inject(FaultRule.on("POST", ".*/customers.*").status(503));
        systems.ordway.faults().inject(FaultRule.on("PUT", ".*/customers.*").status(503));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(systems.createAccount("Outage Customer " + i));
        }

        await().atMost(BOUND).until(() -> allRetryingLater(ids));
        List<Instant> firstSchedule = nextAttempts(ids);
        Duration simulated = Duration.ZERO;
        while (simulated.compareTo(Duration.ofHours(1)) < 0) {
            systems.clock.advance(Duration.ofMinutes(10));
            simulated = simulated.plusMinutes(10);
            await().atMost(BOUND).until(() -> allRetryingLater(ids));
        }
        for (String id : ids) {
            Map<String, Object> row = systems.jdbc.queryForMap("SELECT status, attempts, first_failure_at, "
                    + "next_attempt_at FROM inbox_event WHERE record_id = ?", id);
            assertThat(row.get("status")).isEqualTo("RETRY");
            int attempts = ((Number) row.get("attempts")).intValue();
            assertThat(attempts).isGreaterThanOrEqualTo(5);
            assertThat(row.get("first_failure_at")).isNotNull();
            // One create per persisted attempt: the HTTP client adds no silent repeat of its own.
            assertThat(postsFor(id)).isEqualTo(attempts);
        }
        assertThat(nextAttempts(ids)).allSatisfy(next -> assertThat(next).isAfter(firstSchedule.get(0)));
        assertThat(systems.openDeadLetters()).isZero();

        systems.ordway.faults().clear();
        systems.clock.advance(Duration.ofMinutes(16));

        await().atMost(BOUND).until(() -> ids.stream()
                .allMatch(id -> "Synced".equals(systems.account(id).get("Ordway_Sync_Status__c"))));
        Map<String, List<JsonNode>> customers = systems.customersBySalesforceId();
        assertThat(ids).allSatisfy(id -> assertThat(customers.get(id)).hasSize(1));
        assertThat(systems.openDeadLetters()).isZero();
    }

    @Test
    void aPoisonAccountIsDeadLetteredNamingRecordAndFieldThenReplayedByAnOperatorAfterTheFix() throws Exception {
        String id = systems.salesforce.org().create("Account", Map.of("Name", "Yen Trading KK",
                "CurrencyIsoCode", "JPY"));

        await().atMost(BOUND).until(() -> !deadLetters(id).isEmpty());
        JsonNode dl = deadLetters(id).get(0);
        assertThat(dl.path("flow").asText()).isEqualTo("salesforce-to-ordway-account");
        assertThat(dl.path("errorMessage").asText()).contains("Account " + id).contains("field currency")
                .contains("HTTP 422");
        await().atMost(BOUND).until(() -> "Error".equals(systems.account(id).get("Ordway_Sync_Status__c")));
        assertThat((String) systems.account(id).get("Ordway_Sync_Error__c")).contains("field currency");
        assertThat(systems.customersBySalesforceId()).doesNotContainKey(id);
        assertThat(systems.health(app, "deadLetters").path("status").asText()).isEqualTo("DEGRADED");
        // The Error status written to the Account comes back as an echo, not as another failing event.
        awaitIntakeCaughtUp();
        assertThat(systems.inboxEvents(id)).isEqualTo(1);

        systems.ordway.company().enableCurrencies("JPY");
        long deadLetterId = dl.path("id").asLong();
        HttpResponse<String> replay = systems.admin(app, "POST", "/admin/dead-letters/" + deadLetterId + "/replay",
                null);
        assertThat(replay.statusCode()).isEqualTo(200);

        await().atMost(BOUND).until(() -> "Synced".equals(systems.account(id).get("Ordway_Sync_Status__c")));
        assertThat(systems.account(id).get("Ordway_Sync_Error__c")).isNull();
        assertThat(systems.customersBySalesforceId().get(id)).singleElement()
                .satisfies(c -> assertThat(c.path("currency").asText()).isEqualTo("JPY"));
        await().atMost(BOUND).until(() -> "RESOLVED".equals(
                E2eSystems.JSON.readTree(systems.admin(app, "GET", "/admin/dead-letters/" + deadLetterId, null)
                        .body()).path("deadLetter").path("status").asText()));

        JsonNode audit = E2eSystems.JSON.readTree(systems.admin(app, "GET",
                "/admin/audit?targetType=dead_letter&targetId=" + deadLetterId, null).body()).path("items");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo(E2eSystems.ADMIN_USER);
            assertThat(e.path("action").asText()).isEqualTo("REPLAY");
            assertThat(e.path("outcome").asText()).isEqualTo("REQUEUED");
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("REPLAY_RESULT");
            assertThat(e.path("outcome").asText()).isEqualTo("DELIVERED");
        });
        awaitIntakeCaughtUp();
        assertThat(systems.inboxEvents(id)).isEqualTo(1);
    }

    @Test
    void anAccountDeletedBeforeItsTurnIsSkippedAndItsDeleteTouchesNothingInOrdway() {
        systems.salesforce.faults().add(io.revloop.sandbox.salesforce.FaultRule
                .of(io.revloop.sandbox.salesforce.Fault.SERVICE_UNAVAILABLE).method("GET")
                .path("sobjects/Account/.*").times(1));
        String id = systems.createAccount("Short Lived Ltd");
        await().atMost(BOUND).until(() -> allRetryingLater(List.of(id)));

        systems.salesforce.org().delete("Account", id);
        systems.clock.advance(Duration.ofMinutes(2));

        await().atMost(BOUND).until(() -> "DONE".equals(systems.jdbc.queryForObject(
                "SELECT status FROM inbox_event WHERE record_id = ?", String.class, id)));
        systems.awaitIntakeCaughtUp(BOUND);
        assertThat(systems.inboxEvents(id)).isEqualTo(1);
        assertThat(systems.customersBySalesforceId()).doesNotContainKey(id);
        assertThat(postsFor(id)).isZero();
        assertThat(systems.openDeadLetters()).isZero();
    }

    @Test
    void twoFlowsLookingForTheSameCustomerAtOnceCreateItOnce() throws Exception {
        // Slow lookups make both callers search before either creates, as the Account and Closed-Won flows may.
        systems.ordway.faults().inject(FaultRule.on("GET", ".*/customers").delay(Duration.ofMillis(400)).times(2));
        ProducerTemplate template = app.getBean(CamelContext.class).createProducerTemplate();
        String key = "001Dm00000CONCURAAA";
        Callable<Exchange> findOrCreate = () -> template.request("direct:ordway-find-or-create", ex -> {
            ex.getMessage().setHeader("OrdwayResource", "customers");
            ex.getMessage().setHeader("OrdwayKeyField", "salesforce_id");
            ex.getMessage().setHeader("OrdwayKeyValue", key);
            ex.getMessage().setBody("{\"name\":\"Concurrent Co\",\"salesforce_id\":\"" + key + "\"}");
        });
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Exchange> results = new ArrayList<>();
            for (Future<Exchange> f : two.invokeAll(List.of(findOrCreate, findOrCreate))) {
                results.add(f.get());
            }
            assertThat(results).allSatisfy(r -> assertThat(r.getException()).isNull());
            assertThat(results).extracting(r -> r.getMessage().getHeader("OrdwayCreated"))
                    .containsExactlyInAnyOrder(true, false);
        } finally {
            two.shutdownNow();
        }
        assertThat(systems.customersBySalesforceId().get(key)).hasSize(1);
        assertThat(postsFor(key)).isEqualTo(1);
    }

    private long postsFor(String salesforceId) {
        return systems.ordway.journal().find("POST", ".*/customers").stream()
                .filter(e -> e.body() != null && e.body().contains("\"" + salesforceId + "\"")).count();
    }

    private List<JsonNode> deadLetters(String recordId) throws Exception {
        JsonNode page = E2eSystems.JSON.readTree(systems.admin(app, "GET",
                "/admin/dead-letters?recordId=" + recordId, null).body());
        List<JsonNode> out = new ArrayList<>();
        page.path("items").forEach(out::add);
        return out;
    }

    private boolean allRetryingLater(List<String> ids) {
        Instant now = systems.clock.instant();
        return ids.stream().allMatch(id -> {
            List<Map<String, Object>> rows = systems.jdbc.queryForList(
                    "SELECT status, next_attempt_at FROM inbox_event WHERE record_id = ?", id);
            return rows.size() == 1 && "RETRY".equals(rows.get(0).get("status"))
                    && toInstant(rows.get(0).get("next_attempt_at")).isAfter(now);
        });
    }

    private List<Instant> nextAttempts(List<String> ids) {
        return ids.stream().map(id -> toInstant(systems.jdbc.queryForObject(
                "SELECT next_attempt_at FROM inbox_event WHERE record_id = ?", Object.class, id))).toList();
    }

    static Instant toInstant(Object jdbcValue) {
        if (jdbcValue instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (jdbcValue instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalArgumentException(String.valueOf(jdbcValue));
    }

    private void awaitIntakeCaughtUp() {
        systems.awaitIntakeCaughtUp(BOUND);
    }

    private double echoes() {
        return app.getBean(MeterRegistry.class).find("revloop.cdc.echoes").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
