package io.revloop.inbox;

import io.revloop.testing.MutableClock;
import io.revloop.observability.FlowMetrics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The worker against a real database and real Camel routes; run on H2 and PostgreSQL by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxWorkerContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private HikariDataSource ds;
    private InboxStore store;
    private final List<CamelContext> contexts = new ArrayList<>();
    private final List<InboxWorker> workers = new ArrayList<>();
    private final List<Long> deadLettered = new CopyOnWriteArrayList<>();
    private final List<String> deadLetterCauses = new CopyOnWriteArrayList<>();

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void database() {
        ds = TestDatabase.create(kind(), getClass().getSimpleName());
        store = new InboxStore(new NamedParameterJdbcTemplate(ds));
    }

    @AfterAll
    void close() {
        ds.close();
    }

    @BeforeEach
    void clean() throws Exception {
        TestDatabase.clean(ds);
        deadLettered.clear();
        deadLetterCauses.clear();
    }

    @AfterEach
    void stop() throws Exception {
        workers.forEach(InboxWorker::stop);
        workers.clear();
        for (CamelContext c : contexts) {
            c.stop();
        }
        contexts.clear();
    }

    private InboxWorker worker(DataSource dataSource, MutableClock clock, RouteBuilder flow, int threads)
            throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addRoutes(flow);
        camel.start();
        contexts.add(camel);
        InboxProperties props = new InboxProperties(
                new InboxProperties.Worker(threads > 0, Math.max(threads, 1), Duration.ofMillis(20), 20,
                        Duration.ofMinutes(5), "", Duration.ofMinutes(10)),
                new InboxProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24), 0));
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("sink", (DeadLetterSink) (event, routeId, cause, first) -> {
            deadLettered.add(event.id());
            deadLetterCauses.add(cause.getMessage());
        });
        DispatchGate open = new DispatchGate() {
            public int maxClaimablePriority(Instant now) {
                return Integer.MAX_VALUE;
            }

            public Set<String> pausedFlows(Instant now) {
                return Set.of();
            }

            public void allocationExhausted(Instant now) {
            }
        };
        InboxWorker w = new InboxWorker(new InboxStore(new NamedParameterJdbcTemplate(dataSource)),
                new FailureClassifier(clock), new BackoffPolicy(props), camel.createProducerTemplate(),
                beans.getBeanProvider(DeadLetterSink.class), open,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), clock,
                new FlowMetrics(new SimpleMeterRegistry(), beans.getBeanProvider(Clock.class)), props);
        workers.add(w);
        return w;
    }

    private long insert(String key, String record) {
        store.insertIfAbsent(new NewInboxEvent("salesforce", key, "test-flow", "Opportunity", record, "UPDATE", 5,
                "{\"key\":\"" + key + "\"}", "corr-" + key, T0), T0);
        return new NamedParameterJdbcTemplate(ds).queryForObject(
                "SELECT id FROM inbox_event WHERE event_key = :k", Map.of("k", key), Long.class);
    }

    @Test
    void transientFailuresArePersistedAsRetriesUntilTheFlowSucceeds() throws Exception {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger calls = new AtomicInteger();
        InboxWorker w = worker(ds, clock, new RouteBuilder() {
            public void configure() {
                from("direct:test-flow").process(e -> {
                    assertThat(e.getMessage().getHeader(InboxHeaders.CORRELATION_ID)).isEqualTo("corr-k1");
                    assertThat(e.getMessage().getHeader(InboxHeaders.RECORD_ID)).isEqualTo("006A");
                    if (calls.incrementAndGet() <= 3) {
                        throw new IOException("connection reset");
                    }
                });
            }
        }, 0);
        long id = insert("k1", "006A");

        assertThat(w.pollOnce()).isEqualTo(1);
        assertThat(store.status(id)).contains("RETRY");
        assertThat(w.pollOnce()).as("not due before its persisted next attempt").isZero();
        for (int i = 0; i < 20 && !store.status(id).orElseThrow().equals("DONE"); i++) {
            clock.advance(Duration.ofMinutes(1));
            w.pollOnce();
        }
        assertThat(store.status(id)).contains("DONE");
        assertThat(calls.get()).isEqualTo(4);
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void aPermanentFailureIsDeadLetteredOnceWithItsCause() throws Exception {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger calls = new AtomicInteger();
        InboxWorker w = worker(ds, clock, new RouteBuilder() {
            public void configure() {
                from("direct:test-flow").process(e -> {
                    calls.incrementAndGet();
                    throw new PermanentSyncException("Opportunity 006A: unknown product code in field Product2Id");
                });
            }
        }, 0);
        long id = insert("k1", "006A");

        w.pollOnce();
        clock.advance(Duration.ofHours(1));
        w.pollOnce();

        assertThat(store.status(id)).contains("DEAD");
        assertThat(deadLettered).containsExactly(id);
        assertThat(deadLetterCauses).containsExactly("Opportunity 006A: unknown product code in field Product2Id");
        assertThat(calls.get()).isEqualTo(1);
    }

    @Test
    void anHourLongOrdwayOutageEndsWithEveryEventDeliveredInRecordOrderAndNoDeadLetter() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Instant outageEnds = T0.plus(Duration.ofHours(1));
        Map<String, List<String>> deliveredByRecord = new ConcurrentHashMap<>();
        InboxWorker w = worker(ds, clock, new RouteBuilder() {
            public void configure() {
                from("direct:test-flow").process(e -> {
                    if (clock.instant().isBefore(outageEnds)) {
                        throw new HttpOperationFailedException("https://ordway.test/customers", 503,
                                "Service Unavailable", null, Map.of("Retry-After", "120"), "");
                    }
                    deliveredByRecord.computeIfAbsent(e.getMessage().getHeader(InboxHeaders.RECORD_ID, String.class),
                            r -> new CopyOnWriteArrayList<>()).add(e.getMessage().getHeader(InboxHeaders.EVENT_KEY,
                            String.class));
                });
            }
        }, 0);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(insert("e" + i, "006R" + (i % 5)));
        }

        for (int minute = 0; minute < 24 * 60 && store.backlog() > 0; minute++) {
            while (w.pollOnce() > 0) {
                // drain what is due at this simulated minute
            }
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(store.backlog()).isZero();
        assertThat(ids).allSatisfy(id -> assertThat(store.status(id)).contains("DONE"));
        assertThat(deadLettered).isEmpty();
        for (int r = 0; r < 5; r++) {
            List<String> expected = new ArrayList<>();
            for (int i = r; i < 20; i += 5) {
                expected.add("e" + i);
            }
            assertThat(deliveredByRecord.get("006R" + r)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void twoWorkersOnSeparatePoolsNeverRunAnEventTwiceNorARecordConcurrently() throws Exception {
        MutableClock clock = new MutableClock(T0);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<String> inFlightRecords = Collections.newSetFromMap(new ConcurrentHashMap<>());
        List<String> overlaps = new CopyOnWriteArrayList<>();
        RouteBuilder flow = new RouteBuilder() {
            public void configure() {
                from("direct:test-flow").process(e -> {
                    String record = e.getMessage().getHeader(InboxHeaders.RECORD_ID, String.class);
                    if (!inFlightRecords.add(record)) {
                        overlaps.add(record);
                    }
                    runs.computeIfAbsent(e.getMessage().getHeader(InboxHeaders.EVENT_KEY, String.class),
                            k -> new AtomicInteger()).incrementAndGet();
                    inFlightRecords.remove(record);
                });
            }
        };
        for (int i = 0; i < 300; i++) {
            insert("r" + i, "006W" + (i % 30));
        }
        HikariDataSource secondJvm = TestDatabase.open(kind(), getClass().getSimpleName(), false);
        try {
            worker(ds, clock, flow, 3).start();
            worker(secondJvm, clock, flow, 3).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> store.backlog() == 0);
        } finally {
            workers.forEach(InboxWorker::stop);
            secondJvm.close();
        }
        assertThat(runs).hasSize(300);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(overlaps).isEmpty();
    }
}
