package io.revloop.inbox;

import io.revloop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.revloop.idempotency.JdbcIdempotentRepository;
import io.revloop.salesforce.CheckpointStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/** Inbox, checkpoint and idempotency storage rules; run against H2 and PostgreSQL by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboxStoreContract {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private HikariDataSource ds;
    private InboxStore store;
    private NamedParameterJdbcTemplate jdbc;

    abstract TestDatabase.Kind kind();

    @BeforeAll
    void database() {
        ds = TestDatabase.create(kind(), getClass().getSimpleName());
        jdbc = new NamedParameterJdbcTemplate(ds);
        store = new InboxStore(jdbc);
    }

    @AfterAll
    void close() {
        ds.close();
    }

    @BeforeEach
    void clean() throws Exception {
        TestDatabase.clean(ds);
    }

    static NewInboxEvent event(String key, String record, int priority) {
        return new NewInboxEvent("salesforce", key, "test-flow", "Opportunity", record, "UPDATE", priority, "{}",
                "c-" + key, T0);
    }

    @Test
    void sameSourceAndKeyIsStoredOnce() {
        assertThat(store.insertIfAbsent(event("k1", "006A", 5), T0)).isTrue();
        assertThat(store.insertIfAbsent(event("k1", "006A", 5), T0)).isFalse();
        assertThat(store.backlog()).isEqualTo(1);
    }

    @Test
    void aRecordsLaterEventWaitsUntilTheEarlierOneIsFinished() {
        store.insertIfAbsent(event("k1", "006A", 5), T0);
        store.insertIfAbsent(event("k2", "006A", 5), T0);
        List<Long> first = store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10);
        assertThat(first).hasSize(1);
        InboxEvent claimed = store.claim(first.get(0), "w1", T0, Duration.ofMinutes(5)).orElseThrow();
        assertThat(claimed.eventKey()).isEqualTo("k1");
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10)).isEmpty();

        store.markDone(claimed.id(), "w1", T0);
        List<Long> next = store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10);
        assertThat(store.find(next.get(0)).orElseThrow().eventKey()).isEqualTo("k2");
    }

    @Test
    void aRetryNotYetDueBlocksItsRecordButNotOthers() {
        store.insertIfAbsent(event("k1", "006A", 5), T0);
        store.insertIfAbsent(event("k2", "006A", 5), T0);
        store.insertIfAbsent(event("k3", "006B", 5), T0);
        long k1 = store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10).get(0);
        store.claim(k1, "w1", T0, Duration.ofMinutes(5));
        store.markRetry(k1, "w1", T0.plusSeconds(60), T0, "HTTP 503");

        assertThat(keys(store.candidates(T0.plusSeconds(30), Integer.MAX_VALUE, Set.of(), 10))).containsExactly("k3");
        assertThat(keys(store.candidates(T0.plusSeconds(61), Integer.MAX_VALUE, Set.of(), 10)))
                .containsExactly("k1", "k3");
        assertThat(store.firstFailureAt(k1)).contains(T0);
    }

    @Test
    void billingCriticalRunsFirstAndAloneWhileDeferring() {
        store.insertIfAbsent(event("cosmetic", "006A", 5), T0);
        store.insertIfAbsent(event("closed-won", "006B", 0), T0);
        // A cosmetic change queued before a Closed-Won of the same record runs at the Closed-Won's priority.
        store.insertIfAbsent(event("cosmetic-first", "006C", 5), T0);
        store.insertIfAbsent(event("closed-won-after", "006C", 0), T0);

        assertThat(keys(store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10)))
                .containsExactly("closed-won", "cosmetic-first", "cosmetic");
        assertThat(keys(store.candidates(T0, 0, Set.of(), 10))).containsExactly("closed-won", "cosmetic-first");
    }

    @Test
    void pausedFlowsAreNotClaimed() {
        store.insertIfAbsent(event("k1", "006A", 0), T0);
        assertThat(store.candidates(T0, Integer.MAX_VALUE, Set.of("test-flow"), 10)).isEmpty();
        assertThat(store.candidates(T0, Integer.MAX_VALUE, Set.of("other-flow"), 10)).hasSize(1);
    }

    @Test
    void anExpiredLeaseIsReclaimedAndTheOldOwnerIsFencedOff() {
        store.insertIfAbsent(event("k1", "006A", 5), T0);
        long id = store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10).get(0);
        assertThat(store.claim(id, "killed", T0, Duration.ofMinutes(1))).isPresent();
        assertThat(store.claim(id, "w2", T0.plusSeconds(30), Duration.ofMinutes(1))).isEmpty();

        Instant later = T0.plusSeconds(90);
        assertThat(store.candidates(later, Integer.MAX_VALUE, Set.of(), 10)).containsExactly(id);
        InboxEvent again = store.claim(id, "w2", later, Duration.ofMinutes(1)).orElseThrow();
        assertThat(again.attempts()).isEqualTo(2);
        assertThat(store.markDone(id, "killed", later)).isFalse();
        assertThat(store.markDone(id, "w2", later)).isTrue();
        assertThat(store.status(id)).contains("DONE");
    }

    @Test
    void aDeadEventCanBeRequeuedOnceWithAFreshAttemptCount() {
        store.insertIfAbsent(event("k1", "006A", 5), T0);
        long id = store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10).get(0);
        store.claim(id, "w1", T0, Duration.ofMinutes(1));
        store.markDead(id, "w1", T0, "INVALID_FIELD");
        assertThat(store.candidates(T0, Integer.MAX_VALUE, Set.of(), 10)).isEmpty();

        assertThat(store.requeue(id, T0)).isTrue();
        assertThat(store.requeue(id, T0)).isFalse();
        assertThat(store.claim(id, "w1", T0, Duration.ofMinutes(1)).orElseThrow().attempts()).isEqualTo(1);
    }

    @Test
    void checkpointIsInsertedThenAdvanced() {
        CheckpointStore checkpoints = new CheckpointStore(jdbc);
        assertThat(checkpoints.find("/data/ChangeEvents")).isEmpty();
        checkpoints.save("/data/ChangeEvents", 12, T0, T0);
        checkpoints.save("/data/ChangeEvents", 15, T0.plusSeconds(5), T0.plusSeconds(6));
        CheckpointStore.Checkpoint c = checkpoints.find("/data/ChangeEvents").orElseThrow();
        assertThat(c.replayId()).isEqualTo(15);
        assertThat(c.commitTimestamp()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void idempotentRepositoryAcceptsAKeyOncePerProcessor() {
        JdbcIdempotentRepository a = new JdbcIdempotentRepository("flow-a", jdbc, new MutableClock(T0));
        JdbcIdempotentRepository b = new JdbcIdempotentRepository("flow-b", jdbc, new MutableClock(T0));
        assertThat(a.add("006A:v1")).isTrue();
        assertThat(a.add("006A:v1")).isFalse();
        assertThat(b.add("006A:v1")).isTrue();
        assertThat(a.contains("006A:v1")).isTrue();
        assertThat(a.remove("006A:v1")).isTrue();
        assertThat(a.add("006A:v1")).isTrue();
    }

    private List<String> keys(List<Long> ids) {
        return ids.stream().map(id -> store.find(id).orElseThrow().eventKey()).toList();
    }
}
