package io.revloop.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revloop.inbox.InboxHeaders;
import io.revloop.inbox.InboxStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The wired application on H2 with the shared YAML routes (error policy, gap resync, Ordway find-or-create): a
 * stored change event reaches its flow with the inbox headers, a replayed copy is a no-op, the checkpoint advances
 * even for changes no flow wants, and revloop's own write does not come back while a later edit does.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:intake;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "camel.main.routes-include-pattern=file:routes/error-handling.camel.yaml,file:routes/salesforce-gap-resync.camel.yaml,file:routes/ordway-find-or-create.camel.yaml",
        "revloop.inbox.worker.poll-interval=50ms",
        "revloop.cdc.echo.integration-user-id=005INTEGRATION0001",
        "revloop.cdc.routing[0].entity=Opportunity",
        "revloop.cdc.routing[0].change-types=UPDATE",
        "revloop.cdc.routing[0].changed-fields-any=StageName",
        "revloop.cdc.routing[0].field-equals.StageName=Closed Won",
        "revloop.cdc.routing[0].flow=test-closed-won",
        "revloop.cdc.routing[0].priority=0",
        "revloop.idempotency.processors=test-closed-won",
        "spring.security.user.password=test-only"
})
class CdcIntakeSpringTest {

    static final List<Map<String, Object>> DELIVERED = new CopyOnWriteArrayList<>();

    @TestConfiguration
    static class Flow {
        @Bean
        RouteBuilder testClosedWon() {
            return new RouteBuilder() {
                public void configure() {
                    from("direct:test-closed-won").routeId("test-closed-won")
                            .routeConfigurationId("sync-error-policy")
                            .idempotentConsumer(header(InboxHeaders.RECORD_ID))
                            .idempotentRepository("test-closed-won-idempotency")
                            .process(e -> DELIVERED.add(Map.copyOf(e.getMessage().getHeaders())));
                }
            };
        }
    }

    @Autowired
    CdcIntake intake;
    @Autowired
    CheckpointStore checkpoints;
    @Autowired
    InboxStore inbox;
    @Autowired
    EchoGuard echo;
    @Autowired
    NamedParameterJdbcTemplate jdbc;
    @Autowired
    CamelContext camel;

    static String change(long replayId, String tx, String entity, String recordId, String commitUser,
            String stage) {
        return """
                {"channel":"/data/ChangeEvents","data":{"schema":"s1","event":{"replayId":%d},
                 "payload":{"ChangeEventHeader":{"entityName":"%s","recordIds":["%s"],"changeType":"UPDATE",
                   "transactionKey":"%s","sequenceNumber":1,"commitTimestamp":1772359200000,
                   "commitUser":"%s","changedFields":["StageName","LastModifiedDate"]},
                  "StageName":"%s","LastModifiedDate":"2026-03-01T10:00:00.000Z"}}}
                """.formatted(replayId, entity, recordId, tx, commitUser, stage);
    }

    @Test
    void storedChangesReachTheirFlowOnceAndTheCheckpointFollows() throws Exception {
        assertThat(camel.getRoute("salesforce-gap-resync")).isNotNull();
        assertThat(camel.getRoute("ordway-find-or-create")).isNotNull();

        CdcIntake.Stored first = intake.store(change(101, "tx-1", "Opportunity", "006A00000000001AAA",
                "005PERSON000000001", "Closed Won"));
        assertThat(first.queued()).isEqualTo(1);
        assertThat(intake.store(change(101, "tx-1", "Opportunity", "006A00000000001AAA", "005PERSON000000001",
                "Closed Won")).queued()).as("a replayed event is a no-op").isZero();
        assertThat(intake.store(change(102, "tx-2", "Lead", "00Q000000000001AAA", "005PERSON000000001",
                "x")).queued()).isZero();
        assertThat(checkpoints.find("/data/ChangeEvents").orElseThrow().replayId()).isEqualTo(102);

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox.backlog() == 0 && !deliveredFor("006A").isEmpty());
        assertThat(deliveredFor("006A")).hasSize(1);
        Map<String, Object> headers = deliveredFor("006A").get(0);
        assertThat(headers.get(InboxHeaders.CHANGE_TYPE)).isEqualTo("UPDATE");
        assertThat(headers.get(InboxHeaders.CORRELATION_ID)).isNotNull();
    }

    private static List<Map<String, Object>> deliveredFor(String recordPrefix) {
        return DELIVERED.stream()
                .filter(h -> String.valueOf(h.get(InboxHeaders.RECORD_ID)).startsWith(recordPrefix)).toList();
    }

    @Test
    void revloopsOwnWriteDoesNotLoopButALaterEditFlows() throws Exception {
        echo.recordWrite("Opportunity", "006B00000000001AAA", Map.of("StageName", "Closed Won"));
        assertThat(intake.store(change(201, "tx-echo", "Opportunity", "006B00000000001AAA", "005INTEGRATION0001",
                "Closed Won")).queued()).as("echo of revloop's write").isZero();
        assertThat(intake.store(change(202, "tx-again", "Opportunity", "006B00000000001AAA",
                "005INTEGRATION0001", "Closed Won")).queued())
                .as("the same value again, after the echo was consumed, is a real edit").isEqualTo(1);
        assertThat(checkpoints.find("/data/ChangeEvents").orElseThrow().replayId()).isEqualTo(202);
    }
}
