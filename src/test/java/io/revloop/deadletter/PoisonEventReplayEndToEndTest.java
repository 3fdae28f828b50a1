package io.revloop.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.revloop.inbox.InboxStore;
import io.revloop.inbox.NewInboxEvent;
import io.revloop.inbox.PermanentSyncException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The whole loop with the real inbox worker and requeuer: a poison event is dead-lettered with a readable cause, the
 * flow is fixed, an operator replays it through the API, the worker processes it, and the audit names the operator.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:dl_e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "camel.main.routes-include-pattern=classpath:io/revloop/deadletter/no-flows/*.camel.yaml",
        "revloop.cdc.enabled=false",
        "revloop.inbox.worker.poll-interval=50ms",
        "revloop.admin.user=operator",
        "revloop.admin.password=test-only-password"})
@AutoConfigureMockMvc
class PoisonEventReplayEndToEndTest {

    static volatile boolean mappingFixed;
    static final List<String> CREATED = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Flow {
        @Bean
        RouteBuilder closedWonCreateSubscription() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:e2e-closed-won-create-subscription").routeId("e2e-closed-won-create-subscription")
                            .process(exchange -> {
                                String recordId = exchange.getMessage().getHeader("RevloopRecordId", String.class);
                                if (!mappingFixed) {
                                    throw new PermanentSyncException("Opportunity " + recordId
                                            + " field ContractTerm: 'twelve' is not a number of months");
                                }
                                CREATED.add(recordId);
                            });
                }
            };
        }
    }

    @Autowired MockMvc mvc;
    @Autowired InboxStore inbox;
    @Autowired DeadLetterStore deadLetters;
    @Autowired JdbcTemplate jdbc;

    @Test
    void poisonEventIsDeadLetteredThenReplayedAfterTheFix() throws Exception {
        inbox.insertIfAbsent(new NewInboxEvent("salesforce", "cdc:e2e:1:0065g00000E2eAAAA",
                "e2e-closed-won-create-subscription", "Opportunity", "0065g00000E2eAAAA", "UPDATE", 0,
                "{\"Id\":\"0065g00000E2eAAAA\",\"ContractTerm\":\"twelve\",\"Owner\":{\"Email\":\"rep@example.com\"}}",
                "cid-e2e-1", Instant.now()), Instant.now());
        long inboxId = jdbc.queryForObject("SELECT id FROM inbox_event WHERE event_key = ?", Long.class,
                "cdc:e2e:1:0065g00000E2eAAAA");

        DeadLetter dl = await().atMost(Duration.ofSeconds(20))
                .until(() -> deadLetters.findByInboxEvent(inboxId).orElse(null), d -> d != null);
        assertThat(dl.errorType()).isEqualTo("PermanentSyncException");
        assertThat(dl.errorMessage())
                .isEqualTo("Opportunity 0065g00000E2eAAAA field ContractTerm: 'twelve' is not a number of months");
        assertThat(dl.correlationId()).isEqualTo("cid-e2e-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox.status(inboxId).orElseThrow(), "DEAD"::equals);
        assertThat(jdbc.queryForObject("SELECT payload_ciphertext FROM dead_letter WHERE id = ?", String.class, dl.id()))
                .doesNotContain("rep@example.com");

        mappingFixed = true;
        mvc.perform(post("/admin/dead-letters/{id}/replay", dl.id()).header(HttpHeaders.AUTHORIZATION, operator()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("REQUEUED"));

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.status(inboxId).orElseThrow(), "DONE"::equals);
        assertThat(CREATED).containsExactly("0065g00000E2eAAAA");
        assertThat(deadLetters.find(dl.id()).orElseThrow().status()).isEqualTo(DeadLetterStatus.RESOLVED);
        mvc.perform(get("/admin/audit").param("targetId", String.valueOf(dl.id())).param("action", "REPLAY")
                        .header(HttpHeaders.AUTHORIZATION, operator()))
                .andExpect(jsonPath("$.items[0].actor").value("operator"))
                .andExpect(jsonPath("$.items[0].outcome").value("REQUEUED"))
                .andExpect(jsonPath("$.items[0].detail", startsWith("Inbox event " + inboxId)));
    }

    private static String operator() {
        return "Basic " + Base64.getEncoder().encodeToString("operator:test-only-password".getBytes(StandardCharsets.UTF_8));
    }
}
