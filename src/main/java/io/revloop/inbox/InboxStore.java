package io.revloop.inbox;

import io.revloop.observability.IntakeStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The durable inbox. Every state change is a single conditional UPDATE so that any number of worker threads and
 * JVMs on one database never run the same event twice; updates after a claim are fenced by the lease owner.
 */
@Repository
public class InboxStore implements IntakeStatus {

    static final String UNFINISHED = "('PENDING', 'RETRY', 'PROCESSING')";

    private static final String CLAIMABLE = """
            ((e.status IN ('PENDING', 'RETRY') AND e.next_attempt_at <= :now)
              OR (e.status = 'PROCESSING' AND e.lease_until < :now))
            """;

    private static final String NO_EARLIER_UNFINISHED = """
            NOT EXISTS (SELECT 1 FROM inbox_event p
                         WHERE p.entity = e.entity AND p.record_id = e.record_id AND p.id < e.id
                           AND p.status IN %s)
            """.formatted(UNFINISHED);

    // A record's head event runs at the most urgent priority queued for that record, so a cosmetic update
    // queued before a Closed-Won never holds the Closed-Won behind the budget deferral.
    private static final String CANDIDATES = """
            SELECT c.id FROM (
              SELECT e.id, e.flow,
                     (SELECT MIN(q.priority) FROM inbox_event q
                       WHERE q.entity = e.entity AND q.record_id = e.record_id AND q.status IN %s) AS eff
                FROM inbox_event e
               WHERE %s AND %s
            ) c
            WHERE c.eff <= :maxPriority %s
            ORDER BY c.eff, c.id
            LIMIT :limit
            """;

    private static final String CLAIM = """
            UPDATE inbox_event e
               SET status = 'PROCESSING', lease_owner = :owner, lease_until = :leaseUntil, attempts = e.attempts + 1
             WHERE e.id = :id AND %s AND %s
            """.formatted(CLAIMABLE, NO_EARLIER_UNFINISHED);

    private static final String COLUMNS = "id, source, event_key, flow, entity, record_id, change_type, priority, "
            + "payload, correlation_id, received_at, source_timestamp, attempts";

    private final NamedParameterJdbcTemplate jdbc;

    public InboxStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event unless one with the same (source, event key) exists; true when it was new. */
    public boolean insertIfAbsent(NewInboxEvent e, Instant now) {
        int rows = jdbc.update("""
                INSERT INTO inbox_event (source, event_key, flow, entity, record_id, change_type, priority, payload,
                                         correlation_id, received_at, source_timestamp, status, attempts,
                                         next_attempt_at)
                VALUES (:source, :eventKey, :flow, :entity, :recordId, :changeType, :priority, :payload,
                        :correlationId, :now, :sourceTimestamp, 'PENDING', 0, :now)
                ON CONFLICT DO NOTHING
                """, new MapSqlParameterSource()
                .addValue("source", e.source()).addValue("eventKey", e.eventKey()).addValue("flow", e.flow())
                .addValue("entity", e.entity()).addValue("recordId", e.recordId())
                .addValue("changeType", e.changeType()).addValue("priority", e.priority())
                .addValue("payload", e.payload()).addValue("correlationId", e.correlationId())
                .addValue("now", ts(now)).addValue("sourceTimestamp", ts(e.sourceTimestamp()), Types.TIMESTAMP_WITH_TIMEZONE));
        return rows == 1;
    }

    /** Ids that may be claimed now, most urgent first, never a record's later event while an earlier one is open. */
    public List<Long> candidates(Instant now, int maxPriority, Collection<String> pausedFlows, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("now", ts(now))
                .addValue("maxPriority", maxPriority).addValue("limit", limit);
        String flowFilter = "";
        if (!pausedFlows.isEmpty()) {
            flowFilter = "AND c.flow NOT IN (:paused)";
            p.addValue("paused", pausedFlows);
        }
        String sql = CANDIDATES.formatted(UNFINISHED, CLAIMABLE, NO_EARLIER_UNFINISHED, flowFilter);
        return jdbc.queryForList(sql, p, Long.class);
    }

    /** Atomically takes the event for this owner; empty when another worker got it first or it is not due. */
    public Optional<InboxEvent> claim(long id, String owner, Instant now, Duration lease) {
        int rows = jdbc.update(CLAIM, new MapSqlParameterSource().addValue("id", id).addValue("owner", owner)
                .addValue("now", ts(now)).addValue("leaseUntil", ts(now.plus(lease))));
        if (rows != 1) {
            return Optional.empty();
        }
        return find(id);
    }

    public Optional<InboxEvent> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM inbox_event WHERE id = :id",
                new MapSqlParameterSource("id", id), InboxStore::toEvent).stream().findFirst();
    }

    public boolean markDone(long id, String owner, Instant now) {
        return jdbc.update("""
                UPDATE inbox_event SET status = 'DONE', completed_at = :now, lease_owner = NULL, lease_until = NULL,
                                       last_error = NULL
                 WHERE id = :id AND status = 'PROCESSING' AND lease_owner = :owner
                """, owned(id, owner).addValue("now", ts(now))) == 1;
    }

    public boolean markRetry(long id, String owner, Instant nextAttemptAt, Instant failedAt, String error) {
        return jdbc.update("""
                UPDATE inbox_event SET status = 'RETRY', next_attempt_at = :next, lease_owner = NULL,
                                       lease_until = NULL, last_error = :error,
                                       first_failure_at = COALESCE(first_failure_at, :failedAt)
                 WHERE id = :id AND status = 'PROCESSING' AND lease_owner = :owner
                """, owned(id, owner).addValue("next", ts(nextAttemptAt)).addValue("failedAt", ts(failedAt))
                .addValue("error", clip(error))) == 1;
    }

    public boolean markDead(long id, String owner, Instant now, String error) {
        return jdbc.update("""
                UPDATE inbox_event SET status = 'DEAD', completed_at = :now, lease_owner = NULL, lease_until = NULL,
                                       last_error = :error, first_failure_at = COALESCE(first_failure_at, :now)
                 WHERE id = :id AND status = 'PROCESSING' AND lease_owner = :owner
                """, owned(id, owner).addValue("now", ts(now)).addValue("error", clip(error))) == 1;
    }

    /** Puts a dead event back in line with a fresh attempt count. */
    public boolean requeue(long id, Instant now) {
        return jdbc.update("""
                UPDATE inbox_event SET status = 'PENDING', attempts = 0, next_attempt_at = :now,
                                       first_failure_at = NULL, completed_at = NULL
                 WHERE id = :id AND status = 'DEAD'
                """, new MapSqlParameterSource("id", id).addValue("now", ts(now))) == 1;
    }

    public Optional<Instant> firstFailureAt(long id) {
        return jdbc.query("SELECT first_failure_at FROM inbox_event WHERE id = :id",
                new MapSqlParameterSource("id", id), (rs, n) -> instant(rs, "first_failure_at"))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    public Optional<String> status(long id) {
        return jdbc.queryForList("SELECT status FROM inbox_event WHERE id = :id",
                new MapSqlParameterSource("id", id), String.class).stream().findFirst();
    }

    /** Events not yet finished (pending, retrying or in flight). */
    public long backlog() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status IN " + UNFINISHED,
                new MapSqlParameterSource(), Long.class);
        return n == null ? 0 : n;
    }

    @Override
    public long pendingEvents() {
        return backlog();
    }

    @Override
    public Optional<Instant> oldestPendingReceivedAt() {
        return oldestUnfinishedReceivedAt();
    }

    /** When the oldest unfinished event was stored, for the intake-lag gauge. */
    public Optional<Instant> oldestUnfinishedReceivedAt() {
        return jdbc.query("SELECT MIN(received_at) AS oldest FROM inbox_event WHERE status IN " + UNFINISHED,
                new MapSqlParameterSource(), (rs, n) -> instant(rs, "oldest"))
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private static MapSqlParameterSource owned(long id, String owner) {
        return new MapSqlParameterSource("id", id).addValue("owner", owner);
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static InboxEvent toEvent(ResultSet rs, int row) throws SQLException {
        return new InboxEvent(rs.getLong("id"), rs.getString("source"), rs.getString("event_key"),
                rs.getString("flow"), rs.getString("entity"), rs.getString("record_id"),
                rs.getString("change_type"), rs.getInt("priority"), rs.getString("payload"),
                rs.getString("correlation_id"), instant(rs, "received_at"), instant(rs, "source_timestamp"),
                rs.getInt("attempts"));
    }
}
