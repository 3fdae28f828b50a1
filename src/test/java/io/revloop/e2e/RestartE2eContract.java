package io.revloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.revloop.sandbox.salesforce.Fault;
import io.revloop.sandbox.salesforce.FaultRule;
import io.revloop.sandbox.salesforce.OrgUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * revloop stopped and started again: in the middle of a burst, and after so long that Salesforce no longer holds the
 * stored replay position.
 */
abstract class RestartE2eContract {

    static final Duration BOUND = Duration.ofSeconds(45);

    abstract E2eDatabase.Kind database();

    @Test
    void stoppingTheApplicationInTheMiddleOfABurstLosesNoEventAndWritesNothingTwice() {
        try (E2eSystems systems = E2eSystems.start(database(), "restart_burst")) {
            ConfigurableApplicationContext first = systems.startApp("worker-a");
            String person = OrgUsers.createUser(systems.salesforce, "erin@customer.example", "Erin");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(systems.createAccount("Burst Customer " + i));
            }
            await().atMost(BOUND).until(() -> systems.inboxByStatus().getOrDefault("DONE", 0L) >= 3);

            systems.stopApp(first);
            for (int i = 20; i < 30; i++) {
                ids.add(systems.createAccount("Burst Customer " + i));
            }
            for (int i = 0; i < 20; i++) {
                OrgUsers.updateAs(systems.salesforce, person, "Account", ids.get(i),
                        Map.of("Description", "Tier " + i));
            }
            systems.startApp("worker-b");

            await().atMost(BOUND).until(() -> ids.stream().allMatch(systems::synced)
                    && systems.inboxByStatus().keySet().equals(java.util.Set.of("DONE"))
                    && ids.subList(0, 20).stream().allMatch(id -> descriptionInOrdway(systems, id)
                    .equals("Tier " + ids.indexOf(id))));
            systems.awaitIntakeCaughtUp(BOUND);
            await().atMost(BOUND).until(() -> systems.inboxByStatus().keySet().equals(java.util.Set.of("DONE")));

            Map<String, List<JsonNode>> customers = systems.customersBySalesforceId();
            Map<String, Long> creates = systems.customerCreatesBySalesforceId();
            for (String id : ids) {
                assertThat(customers.get(id)).as("customers of %s", id).hasSize(1);
                assertThat(creates.get(id)).as("creates of %s", id).isEqualTo(1L);
                assertThat(systems.account(id).get("Ordway_Customer_Id__c"))
                        .isEqualTo(customers.get(id).get(0).path("id").asText());
            }
            // 30 creates and 20 edits, each stored and run once.
            assertThat(systems.jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE change_type = 'CREATE'",
                    Long.class)).isEqualTo(30);
            assertThat(systems.jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE change_type = 'UPDATE'",
                    Long.class)).isEqualTo(20);
            assertThat(systems.openDeadLetters()).isZero();
        }
    }

    @Test
    void anExpiredReplayPositionRaisesTheAlertAndTheResyncMissesNothing() throws Exception {
        try (E2eSystems systems = E2eSystems.start(database(), "restart_expired")) {
            ConfigurableApplicationContext first = systems.startApp("worker-a");
            String before = systems.createAccount("Before The Gap");
            await().atMost(BOUND).until(() -> systems.synced(before));
            systems.awaitIntakeCaughtUp(BOUND);
            systems.stopApp(first);

            String person = OrgUsers.createUser(systems.salesforce, "frank@customer.example", "Frank");
            List<String> missed = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                missed.add(systems.createAccount("Created During The Gap " + i));
            }
            OrgUsers.updateAs(systems.salesforce, person, "Account", before, Map.of("Website", "https://gap.example"));
            // Three days pass for Salesforce (its retention purges the events) and for revloop.
            systems.salesforce.clock().advance(Duration.ofHours(73));
            systems.clock.advance(Duration.ofHours(73));

            // Queries fail until the resync has failed: it is an inbox event, retried with backoff like any other.
            systems.salesforce.faults().add(FaultRule.of(Fault.SERVICE_UNAVAILABLE).path("query.*").always());
            ConfigurableApplicationContext second = systems.startApp("worker-b");
            await().atMost(BOUND).until(() -> systems.jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event "
                    + "WHERE change_type = 'RESYNC_SINCE' AND last_error IS NOT NULL", Long.class) > 0);
            systems.salesforce.faults().clear();

            await().atMost(BOUND).until(() -> missed.stream().allMatch(systems::synced)
                    && "https://gap.example".equals(systems.ordway.company()
                    .customer((String) systems.account(before).get("Ordway_Customer_Id__c")).path("website").asText()));
            JsonNode health = systems.health(second, "cdcGaps");
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.path("details").path("reason").asText()).contains("retention");
            assertThat(second.getBean(MeterRegistry.class).get("revloop.cdc.gaps").counter().count()).isEqualTo(1.0);
            assertThat(systems.jdbc.queryForList("SELECT DISTINCT change_type FROM inbox_event WHERE record_id IN (?, ?, ?)",
                    String.class, missed.toArray())).containsExactly("RESYNC");
            Map<String, List<JsonNode>> customers = systems.customersBySalesforceId();
            assertThat(missed).allSatisfy(id -> assertThat(customers.get(id)).hasSize(1));
            assertThat(customers.get(before)).hasSize(1);
            await().atMost(BOUND).until(() -> systems.inboxByStatus().keySet().equals(java.util.Set.of("DONE")));
            assertThat(systems.openDeadLetters()).isZero();
        }
    }

    private static String descriptionInOrdway(E2eSystems systems, String accountId) {
        List<JsonNode> c = systems.customersBySalesforceId().get(accountId);
        return c == null ? "" : c.get(0).path("description").asText();
    }
}
