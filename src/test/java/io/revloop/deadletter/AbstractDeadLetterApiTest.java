package io.revloop.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.revloop.inbox.DeadLetterSink;
import io.revloop.testing.MutableClock;
import io.revloop.inbox.InboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The dead-letter store, admin API, audit trail, health and log masking against a real database. Subclasses choose
 * H2 or PostgreSQL; everything else, including one Spring context per subclass, is shared.
 */
@SpringBootTest(properties = {
        "revloop.admin.user=operator",
        "revloop.admin.password=test-only-password",
        "revloop.dead-letters.replay-default-max=4",
        "revloop.dead-letters.replay-max-ceiling=50",
        "revloop.health.dead-letters-degraded-at=3",
        // the flows in routes/ have their own tests and would reach for Salesforce here
        "camel.main.routes-include-pattern=classpath:io/revloop/deadletter/no-flows/*.camel.yaml",
        "revloop.inbox.worker.enabled=false",
        "revloop.cdc.enabled=false"})
@AutoConfigureMockMvc
@Import(AbstractDeadLetterApiTest.TestBeans.class)
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractDeadLetterApiTest {

    static final String OPERATOR = "operator";
    private static final String PASSWORD = "test-only-password";
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TestConfiguration
    static class TestBeans {

        // stands in for the inbox's own requeuer, which is present but has no inbox rows here
        @Bean
        @Primary
        RecordingRequeuer recordingRequeuer() {
            return new RecordingRequeuer();
        }

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(T0);
        }

        @Bean
        RouteBuilder maskProbeRoute() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:mask-probe").routeId("mask-probe")
                            .log(LoggingLevel.INFO, "io.revloop.test.MaskProbe", "probe ${body}");
                }
            };
        }
    }

    @Autowired MockMvc mvc;
    @Autowired ApplicationEventPublisher events;
    @Autowired DeadLetterSink sink;
    @Autowired DeadLetterResolver resolver;
    @Autowired DeadLetterStore store;
    @Autowired RecordingRequeuer requeuer;
    @Autowired MutableClock clock;
    @Autowired JdbcTemplate jdbc;
    @Autowired MeterRegistry meters;
    @Autowired ObjectMapper json;
    @Autowired ProducerTemplate camel;

    private static final AtomicLong inboxIds = new AtomicLong(1000);

    @BeforeEach
    void resetCollaborators() {
        requeuer.reset();
        clock.set(T0);
    }

    // ---------------------------------------------------------------- sink and storage

    @Test
    void sinkStoresTheEventWithAReadableCauseAndEncryptsPersonalData() throws Exception {
        InboxEvent event = event("sink-store", "0035g00000SinkAAA",
                "{\"LastName\":\"Lovelace\",\"Email\":\"ada@example.com\"}");

        sink.deadLetter(event, "contact-to-ordway-customer",
                new RuntimeCamelException(new IllegalStateException("Contact 0035g00000SinkAAA: Ordway rejected field email: ada@example.com is taken")),
                T0.minusSeconds(30));

        Map<String, Object> raw = jdbc.queryForMap("SELECT * FROM dead_letter WHERE inbox_event_id = ?", event.id());
        assertThat(raw.get("payload_ciphertext").toString()).startsWith("gcm1:test:")
                .doesNotContain("Lovelace", "ada@example.com");
        assertThat(raw.get("error_message").toString()).startsWith("gcm1:test:").doesNotContain("ada@example.com");
        assertThat(raw.get("error_type")).isEqualTo("IllegalStateException");
        assertThat(raw.get("status")).isEqualTo("OPEN");

        long id = ((Number) raw.get("id")).longValue();
        JsonNode detail = body(as(get("/admin/dead-letters/{id}", id)).andExpect(status().isOk()));
        assertThat(detail.at("/deadLetter/errorMessage").asText())
                .isEqualTo("Contact 0035g00000SinkAAA: Ordway rejected field email: ada@example.com is taken");
        assertThat(detail.at("/deadLetter/flow").asText()).isEqualTo("sink-store");
        assertThat(detail.at("/deadLetter/routeId").asText()).isEqualTo("contact-to-ordway-customer");
        assertThat(detail.at("/deadLetter/correlationId").asText()).isEqualTo("cid-" + event.id());
        assertThat(detail.at("/deadLetter/attempts").asInt()).isEqualTo(3);
        assertThat(detail.at("/deadLetter/firstFailedAt").asText()).isEqualTo(T0.minusSeconds(30).toString());
        assertThat(detail.at("/deadLetter/lastFailedAt").asText()).isEqualTo(T0.toString());
        assertThat(detail.at("/payload/Email").asText()).isEqualTo("ada@example.com");
        assertThat(meters.get("revloop.flow.events").tags("flow", "sink-store", "outcome", "dead_lettered")
                .counter().count()).isEqualTo(1.0);
        assertThat(auditRows("VIEW_PAYLOAD", id)).extracting("actor").contains(OPERATOR);
    }

    @Test
    void theSameEventFailingAgainReopensItsRowInsteadOfAddingOne() throws Exception {
        InboxEvent event = event("sink-reopen", "0065g00000ReopAAA", "{}");
        sink.deadLetter(event, "route-a", new IllegalArgumentException("first"), T0);
        long id = store.findByInboxEvent(event.id()).orElseThrow().id();
        as(post("/admin/dead-letters/{id}/replay", id)).andExpect(status().isOk());
        clock.advance(Duration.ofMinutes(5));

        sink.deadLetter(event, "route-b", new UnsupportedOperationException("second"), T0.plusSeconds(200));

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE inbox_event_id = ?", Long.class,
                event.id())).isEqualTo(1);
        DeadLetter again = store.find(id).orElseThrow();
        assertThat(again.status()).isEqualTo(DeadLetterStatus.OPEN);
        assertThat(again.attempts()).isEqualTo(6);
        assertThat(again.deadLetterCount()).isEqualTo(2);
        assertThat(again.firstFailedAt()).isEqualTo(T0);
        assertThat(again.lastFailedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(again.errorType()).isEqualTo("UnsupportedOperationException");
        assertThat(again.errorMessage()).isEqualTo("second");
        assertThat(again.routeId()).isEqualTo("route-b");
    }

    // ---------------------------------------------------------------- listing

    @Test
    void listFiltersByFlowErrorTypeRecordStatusAndTime() throws Exception {
        clock.set(T0.plus(Duration.ofHours(1)));
        long early = deadLetter("list-a", "0065g00000List1AA", new IllegalArgumentException("bad amount"));
        clock.set(T0.plus(Duration.ofHours(2)));
        long late = deadLetter("list-a", "0065g00000List2AA", new IllegalStateException("conflict"));
        long otherFlow = deadLetter("list-b", "0065g00000List1AA", new IllegalArgumentException("bad amount"));

        as(get("/admin/dead-letters").param("flow", "list-a"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items[*].id", contains((int) late, (int) early)))
                .andExpect(jsonPath("$.items[0].payload").doesNotExist())
                .andExpect(jsonPath("$.items[0].errorMessage").value("conflict"));
        as(get("/admin/dead-letters").param("flow", "list-a").param("errorType", "IllegalArgumentException"))
                .andExpect(jsonPath("$.items[*].id", contains((int) early)));
        as(get("/admin/dead-letters").param("recordId", "0065g00000List1AA"))
                .andExpect(jsonPath("$.items[*].id", contains((int) otherFlow, (int) early)));
        as(get("/admin/dead-letters").param("flow", "list-a")
                .param("from", T0.plus(Duration.ofMinutes(90)).toString()))
                .andExpect(jsonPath("$.items[*].id", contains((int) late)));
        as(get("/admin/dead-letters").param("flow", "list-a")
                .param("to", T0.plus(Duration.ofMinutes(90)).toString()))
                .andExpect(jsonPath("$.items[*].id", contains((int) early)));
        as(get("/admin/dead-letters").param("flow", "list-a").param("limit", "1").param("offset", "1"))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.items[*].id", contains((int) early)));

        as(post("/admin/dead-letters/{id}/discard", early).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"duplicate\"}")).andExpect(status().isOk());
        as(get("/admin/dead-letters").param("flow", "list-a").param("status", "OPEN"))
                .andExpect(jsonPath("$.items[*].id", contains((int) late)));
        as(get("/admin/dead-letters").param("status", "DISCARDED").param("flow", "list-a"))
                .andExpect(jsonPath("$.items[*].id", contains((int) early)));
    }

    @Test
    void listRejectsBadParameters() throws Exception {
        as(get("/admin/dead-letters").param("limit", "100000")).andExpect(status().isBadRequest());
        as(get("/admin/dead-letters").param("from", "yesterday")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("from")));
        as(get("/admin/dead-letters").param("status", "LOST")).andExpect(status().isBadRequest());
        as(get("/admin/dead-letters/{id}", 987654321)).andExpect(status().isNotFound());
    }

    // ---------------------------------------------------------------- replay

    @Test
    void replayingOneRequeuesItsEventAndIsAudited() throws Exception {
        long id = deadLetter("replay-one", "0065g00000Rep1AAA", new IllegalArgumentException("x"));
        long inboxEventId = store.find(id).orElseThrow().inboxEventId();

        as(post("/admin/dead-letters/{id}/replay", id))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outcome").value("REQUEUED"));

        assertThat(requeuer.calls).containsExactly(inboxEventId);
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(DeadLetterStatus.REPLAYED);
        List<Map<String, Object>> audit = auditRows("REPLAY", id);
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0)).containsEntry("actor", OPERATOR).containsEntry("outcome", "REQUEUED");
        assertThat(json.readTree(audit.get(0).get("target").toString()).get("inboxEventId").asLong())
                .isEqualTo(inboxEventId);

        as(post("/admin/dead-letters/{id}/replay", id)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("REPLAYED")));
        assertThat(requeuer.calls).hasSize(1);
        assertThat(auditRows("REPLAY", id)).extracting("outcome").containsExactly("REQUEUED", "NOT_OPEN");
    }

    @Test
    void aReplayTheInboxRefusesLeavesTheDeadLetterOpen() throws Exception {
        long id = deadLetter("replay-refused", "0065g00000Rep2AAA", new IllegalArgumentException("x"));
        requeuer.answer(inboxEventId -> false);

        as(post("/admin/dead-letters/{id}/replay", id)).andExpect(status().isConflict());

        assertThat(store.find(id).orElseThrow().status()).isEqualTo(DeadLetterStatus.OPEN);
        assertThat(auditRows("REPLAY", id)).extracting("outcome").containsExactly("NOT_REQUEUED");
    }

    @Test
    void bulkReplayTakesTheOldestUpToTheCap() throws Exception {
        long[] ids = new long[6];
        for (int i = 0; i < ids.length; i++) {
            clock.set(T0.plusSeconds(i));
            ids[i] = deadLetter("bulk", "0065g00000Bulk" + i + "AA", new IllegalStateException("down"));
        }
        deadLetter("bulk-other", "0065g00000BulkXAA", new IllegalStateException("down"));
        long[] inbox = java.util.Arrays.stream(ids).map(id -> store.find(id).orElseThrow().inboxEventId()).toArray();

        as(post("/admin/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"flow\":\"bulk\",\"max\":51}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("50")));
        as(post("/admin/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"flow\":\"bulk\",\"max\":2,\"dryRun\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.matched").value(6))
                .andExpect(jsonPath("$.ids", contains((int) ids[0], (int) ids[1])));
        assertThat(requeuer.calls).isEmpty();

        as(post("/admin/dead-letters/replay").contentType(MediaType.APPLICATION_JSON)
                .content("{\"flow\":\"bulk\",\"max\":3}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.matched").value(6))
                .andExpect(jsonPath("$.replayed").value(3))
                .andExpect(jsonPath("$.remaining").value(3))
                .andExpect(jsonPath("$.ids", contains((int) ids[0], (int) ids[1], (int) ids[2])));
        assertThat(requeuer.calls).containsExactly(inbox[0], inbox[1], inbox[2]);

        // without max the configured default (4 here) applies; only three OPEN ones are left
        as(post("/admin/dead-letters/replay").contentType(MediaType.APPLICATION_JSON).content("{\"flow\":\"bulk\"}"))
                .andExpect(jsonPath("$.max").value(4))
                .andExpect(jsonPath("$.replayed").value(3))
                .andExpect(jsonPath("$.remaining").value(0));
        assertThat(store.count(new DeadLetterFilter("bulk", null, null, null, null, DeadLetterStatus.REPLAYED)))
                .isEqualTo(6);
        assertThat(store.count(new DeadLetterFilter("bulk-other", null, null, null, null, DeadLetterStatus.OPEN)))
                .isEqualTo(1);
        List<Map<String, Object>> bulk = jdbc.queryForList(
                "SELECT * FROM admin_audit WHERE action = 'REPLAY_BULK' AND target LIKE '%\"bulk\"%' ORDER BY id");
        assertThat(bulk).extracting("outcome").containsExactly("DRY_RUN", "COMPLETED", "COMPLETED");
        assertThat(bulk).extracting("actor").containsOnly(OPERATOR);
        assertThat(auditRows("REPLAY", ids[5])).extracting("outcome").containsExactly("REQUEUED");
    }

    // ---------------------------------------------------------------- discard

    @Test
    void discardNeedsAReasonAndIsAudited() throws Exception {
        long id = deadLetter("discard", "0065g00000DiscAAA", new IllegalArgumentException("x"));

        as(post("/admin/dead-letters/{id}/discard", id).contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("reason")));
        as(post("/admin/dead-letters/{id}/discard", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"   \"}")).andExpect(status().isBadRequest());
        as(post("/admin/dead-letters/{id}/discard", id)).andExpect(status().isBadRequest());
        assertThat(store.find(id).orElseThrow().status()).isEqualTo(DeadLetterStatus.OPEN);

        as(post("/admin/dead-letters/{id}/discard", id).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"Test opportunity, deleted in Salesforce\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DISCARDED"))
                .andExpect(jsonPath("$.discardReason").value("Test opportunity, deleted in Salesforce"));

        assertThat(auditRows("DISCARD", id)).singleElement()
                .satisfies(row -> assertThat(row).containsEntry("actor", OPERATOR)
                        .containsEntry("outcome", "DISCARDED")
                        .containsEntry("detail", "Test opportunity, deleted in Salesforce"));
        as(post("/admin/dead-letters/{id}/replay", id)).andExpect(status().isConflict());
        assertThat(requeuer.calls).isEmpty();
        as(get("/admin/audit").param("targetType", "dead_letter").param("targetId", String.valueOf(id)))
                .andExpect(jsonPath("$.items[*].action", contains("REPLAY", "DISCARD")))
                .andExpect(jsonPath("$.items[*].outcome", contains("NOT_OPEN", "DISCARDED")));
    }

    // ---------------------------------------------------------------- the story of a poison event

    @Test
    void aPoisonEventIsDeadLetteredReplayedAfterTheFixAndTheAuditShowsIt() throws Exception {
        SubscriptionFlow flow = new SubscriptionFlow();
        InboxEvent poison = event("closed-won-create-subscription", "0065g00000PoisAAA",
                "{\"Id\":\"0065g00000PoisAAA\",\"StageName\":\"Closed Won\",\"ContractTerm\":\"twelve\"}");

        flow.process(poison);

        DeadLetter dl = store.findByInboxEvent(poison.id()).orElseThrow();
        as(get("/admin/dead-letters").param("flow", "closed-won-create-subscription"))
                .andExpect(jsonPath("$.items[0].errorType").value("NumberFormatException"))
                .andExpect(jsonPath("$.items[0].errorMessage").value(
                        "Opportunity 0065g00000PoisAAA field ContractTerm: 'twelve' is not a number of months"));

        flow.fixed = true;
        requeuer.answer(inboxEventId -> true);
        as(post("/admin/dead-letters/{id}/replay", dl.id())).andExpect(status().isOk());
        assertThat(requeuer.calls).containsExactly(poison.id());
        flow.process(poison);

        assertThat(flow.created).containsExactly("0065g00000PoisAAA");
        assertThat(store.find(dl.id()).orElseThrow().status()).isEqualTo(DeadLetterStatus.RESOLVED);
        as(get("/admin/audit").param("action", "REPLAY").param("targetId", String.valueOf(dl.id())))
                .andExpect(jsonPath("$.items", hasSize(1)))
                .andExpect(jsonPath("$.items[0].actor").value(OPERATOR))
                .andExpect(jsonPath("$.items[0].outcome").value("REQUEUED"))
                .andExpect(jsonPath("$.items[0].target.inboxEventId").value((int) poison.id()))
                .andExpect(jsonPath("$.items[0].target.recordId").value("0065g00000PoisAAA"));
    }

    /** Stands in for the inbox worker and one flow: fails on a bad field until fixed. */
    private class SubscriptionFlow {
        volatile boolean fixed;
        final List<String> created = new java.util.ArrayList<>();

        void process(InboxEvent event) {
            try {
                JsonNode opportunity = json.readTree(event.payload());
                String term = opportunity.get("ContractTerm").asText();
                if (!fixed) {
                    try {
                        Integer.parseInt(term);
                    } catch (NumberFormatException e) {
                        throw new RuntimeCamelException(new NumberFormatException("Opportunity " + event.recordId()
                                + " field ContractTerm: '" + term + "' is not a number of months"));
                    }
                }
                created.add(event.recordId());
                resolver.replaySucceeded(event.id());
            } catch (RuntimeCamelException e) {
                sink.deadLetter(event, "closed-won-create-subscription", e, clock.instant());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    // ---------------------------------------------------------------- security

    @Test
    void adminAndActuatorDetailsRequireTheOperator() throws Exception {
        mvc.perform(get("/admin/dead-letters")).andExpect(status().isUnauthorized());
        mvc.perform(post("/admin/dead-letters/1/replay")).andExpect(status().isUnauthorized());
        mvc.perform(get("/admin/audit")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
        mvc.perform(get("/admin/dead-letters").header(HttpHeaders.AUTHORIZATION, basic(OPERATOR, "wrong")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/admin/dead-letters").header(HttpHeaders.AUTHORIZATION, basic("mallory", PASSWORD)))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/somewhere-else")).andExpect(status().isForbidden());
        assertThat(requeuer.calls).isEmpty();
        assertThat(jdbc.queryForList("SELECT actor FROM admin_audit WHERE action = 'LOGIN_FAILED'", String.class))
                .contains(OPERATOR, "mallory");

        as(get("/actuator/metrics")).andExpect(status().isOk());
    }

    @Test
    void aProbeSees503WhileLivenessIsDown() throws Exception {
        AvailabilityChangeEvent.publish(events, this, LivenessState.BROKEN);
        try {
            mvc.perform(get("/actuator/health/liveness")).andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.status").value("DOWN"));
        } finally {
            AvailabilityChangeEvent.publish(events, this, LivenessState.CORRECT);
        }
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
    }

    @Test
    void healthSummaryIsPublicAndItsDetailsShowTheDeadLetterCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            deadLetter("health", "0065g00000Hlth" + i + "AA", new IllegalStateException("x"));
        }

        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DEGRADED"))
                .andExpect(jsonPath("$.components").doesNotExist());
        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"));

        long open = store.countOpen();
        as(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.deadLetters.status").value("DEGRADED"))
                .andExpect(jsonPath("$.components.deadLetters.details.open").value((int) open))
                .andExpect(jsonPath("$.components.salesforceStreaming.status").value("UNKNOWN"))
                .andExpect(jsonPath("$.components.ordway.status").value("UNKNOWN"))
                .andExpect(jsonPath("$.components.checkpoints.status").value("UP"))
                .andExpect(jsonPath("$.components.intake.status").value("UP"))
                .andExpect(jsonPath("$.components.intake.details.pending").value(0));
        as(get("/actuator/metrics/revloop.dead.letters.open"))
                .andExpect(jsonPath("$.measurements[0].value").value((double) open));
    }

    // ---------------------------------------------------------------- log masking

    @Test
    void logsCarryTheCorrelationIdAndMaskPersonalData(CapturedOutput output) {
        MDC.put("correlationId", "cid-log-test");
        try {
            LoggerFactory.getLogger("io.revloop.test.Masking").info("Customer {} from {}",
                    "{\"FirstName\":\"Grace\",\"Phone\":\"+1 415 555 2671\"}", "grace.hopper@example.com");
        } finally {
            MDC.remove("correlationId");
        }

        assertThat(output.getOut()).contains("[cid:cid-log-test] Customer {\"FirstName\":\"***\",\"Phone\":\"***\"} from ***@***")
                .doesNotContain("Grace", "grace.hopper", "555 2671");
    }

    @Test
    void deadLetterWarningsAreMasked(CapturedOutput output) {
        deadLetter("masked-warning", "0035g00000WarnAAA", new IllegalArgumentException("email hedy@example.com is invalid"));

        assertThat(output.getOut()).contains("Dead-lettered inbox event").contains("0035g00000WarnAAA")
                .contains("[cid:cid-").doesNotContain("hedy@example.com");
    }

    @Test
    void camelLogEipUsesThePersonalDataMask() {
        Logger probe = (Logger) LoggerFactory.getLogger("io.revloop.test.MaskProbe");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        probe.addAppender(appender);
        try {
            camel.sendBody("direct:mask-probe", "{\"LastName\":\"Hamilton\",\"Email\":\"margaret@example.com\",\"password\":\"s3cret\"}");
        } finally {
            probe.detachAppender(appender);
        }

        assertThat(appender.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                .asString().contains("\"LastName\":\"***\"", "\"Email\":\"***\"")
                .doesNotContain("Hamilton", "margaret", "s3cret");
    }

    // ---------------------------------------------------------------- helpers

    private InboxEvent event(String flow, String recordId, String payload) {
        long id = inboxIds.incrementAndGet();
        return new InboxEvent(id, "salesforce", "cdc:tx" + id + ":1:" + recordId, flow, "Opportunity", recordId,
                "UPDATE", 0, payload, "cid-" + id, clock.instant(), clock.instant().minusSeconds(5), 3);
    }

    private long deadLetter(String flow, String recordId, Exception cause) {
        InboxEvent event = event(flow, recordId, "{\"Id\":\"" + recordId + "\"}");
        sink.deadLetter(event, flow + "-route", cause, clock.instant());
        return store.findByInboxEvent(event.id()).orElseThrow().id();
    }

    private List<Map<String, Object>> auditRows(String action, long deadLetterId) {
        return jdbc.queryForList("SELECT * FROM admin_audit WHERE action = ? AND target_type = 'dead_letter' "
                + "AND target_id = ? ORDER BY id", action, String.valueOf(deadLetterId));
    }

    private ResultActions as(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, basic(OPERATOR, PASSWORD)));
    }

    private JsonNode body(ResultActions result) throws Exception {
        return json.readTree(result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
