package io.revloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two revloop instances, each with its own connection pool and worker threads, on one PostgreSQL schema: one runs
 * the change-capture intake, both run the inbox worker. Every event is run by exactly one of them.
 */
class TwoWorkersPostgresE2eTest {

    static final Duration BOUND = Duration.ofSeconds(45);

    @Test
    void twoWorkersOnOneDatabaseNeverRunTheSameEventTwice() {
        try (E2eSystems systems = E2eSystems.start(E2eDatabase.Kind.POSTGRES, "two_workers")) {
            ConfigurableApplicationContext a = systems.startApp("worker-a", Map.of("revloop.inbox.worker.batch-size", "5"));
            // The CometD intake runs on one instance only; the second one only works the inbox.
            ConfigurableApplicationContext b = systems.startApp("worker-b", Map.of("revloop.cdc.enabled", "false",
                    "revloop.inbox.worker.batch-size", "5"));

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(systems.createAccount("Shared Customer " + i));
            }

            await().atMost(BOUND).until(() -> ids.stream().allMatch(systems::synced));
            systems.awaitIntakeCaughtUp(BOUND);
            await().atMost(BOUND).until(() -> systems.inboxByStatus().keySet().equals(Set.of("DONE")));

            Map<String, List<JsonNode>> customers = systems.customersBySalesforceId();
            Map<String, Long> creates = systems.customerCreatesBySalesforceId();
            for (String id : ids) {
                assertThat(customers.get(id)).as("customers of %s", id).hasSize(1);
                assertThat(creates.get(id)).as("creates of %s", id).isEqualTo(1L);
                assertThat(systems.apiWritesTo(id)).as("write-backs to %s", id).isEqualTo(1L);
            }
            assertThat(systems.ordwayCalls("PUT", ".*/customers/.*")).isZero();
            double byA = done(a);
            double byB = done(b);
            assertThat(byA + byB).isEqualTo(40.0);
            assertThat(byA).isPositive();
            assertThat(byB).isPositive();
            assertThat(systems.jdbc.queryForObject("SELECT MAX(attempts) FROM inbox_event", Integer.class))
                    .isEqualTo(1);
        }
    }

    private static double done(ConfigurableApplicationContext app) {
        return app.getBean(MeterRegistry.class).find("revloop.flow.events").tag("outcome", "processed").counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }
}
