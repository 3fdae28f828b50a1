package io.revloop.deadletter;

import io.revloop.security.FieldCipher;
import io.revloop.security.FieldDecryptionException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code dead_letter} table. Payload and error message are stored AES-GCM encrypted, bound to the inbox event id
 * so that a ciphertext moved to another row does not decrypt.
 */
@Repository
public class DeadLetterStore {

    static final String TABLE = "dead_letter";
    private static final String COLUMNS = "id, inbox_event_id, source, event_key, flow, route_id, entity, record_id, "
            + "change_type, error_type, error_message, attempts, dead_letter_count, first_failed_at, last_failed_at, "
            + "correlation_id, status, discard_reason, updated_at";

    private final NamedParameterJdbcTemplate jdbc;
    private final FieldCipher cipher;

    public DeadLetterStore(NamedParameterJdbcTemplate jdbc, FieldCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Data of one failure, before encryption. */
    public record Failure(
            long inboxEventId, String source, String eventKey, String flow, String routeId, String entity,
            String recordId, String changeType, String errorType, String errorMessage, String payload,
            int attempts, Instant firstFailedAt, Instant failedAt, String correlationId) {
    }

    /**
     * Opens a dead letter for the event, or reopens its existing row (after a replay that failed again).
     *
     * @return the dead letter id
     */
    public long record(Failure f) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("inboxEventId", f.inboxEventId())
                .addValue("source", f.source())
                .addValue("eventKey", f.eventKey())
                .addValue("flow", f.flow())
                .addValue("routeId", f.routeId())
                .addValue("entity", f.entity())
                .addValue("recordId", f.recordId())
                .addValue("changeType", f.changeType())
                .addValue("errorType", f.errorType())
                .addValue("errorMessage", cipher.encrypt(f.errorMessage(), messageAad(f.inboxEventId())))
                .addValue("payload", cipher.encrypt(f.payload() == null ? "" : f.payload(), payloadAad(f.inboxEventId())))
                .addValue("attempts", f.attempts())
                .addValue("firstFailedAt", ts(f.firstFailedAt() == null ? f.failedAt() : f.firstFailedAt()))
                .addValue("failedAt", ts(f.failedAt()))
                .addValue("correlationId", f.correlationId())
                .addValue("open", DeadLetterStatus.OPEN.name());
        if (reopen(p) == 0) {
            try {
                jdbc.update("""
                        INSERT INTO dead_letter (inbox_event_id, source, event_key, flow, route_id, entity, record_id,
                            change_type, error_type, error_message, payload_ciphertext, attempts, dead_letter_count,
                            first_failed_at, last_failed_at, correlation_id, status, updated_at)
                        VALUES (:inboxEventId, :source, :eventKey, :flow, :routeId, :entity, :recordId,
                            :changeType, :errorType, :errorMessage, :payload, :attempts, 1,
                            :firstFailedAt, :failedAt, :correlationId, :open, :failedAt)
                        """, p);
            } catch (DuplicateKeyException raced) {
                reopen(p);
            }
        }
        return jdbc.queryForObject("SELECT id FROM dead_letter WHERE inbox_event_id = :inboxEventId", p, Long.class);
    }

    private int reopen(MapSqlParameterSource p) {
        return jdbc.update("""
                UPDATE dead_letter SET route_id = :routeId, error_type = :errorType, error_message = :errorMessage,
                    payload_ciphertext = :payload, attempts = attempts + :attempts,
                    dead_letter_count = dead_letter_count + 1, last_failed_at = :failedAt,
                    correlation_id = :correlationId, status = :open, discard_reason = NULL, updated_at = :failedAt
                WHERE inbox_event_id = :inboxEventId
                """, p);
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE id = :id",
                new MapSqlParameterSource("id", id), this::map).stream().findFirst();
    }

    public Optional<DeadLetter> findByInboxEvent(long inboxEventId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter WHERE inbox_event_id = :inboxEventId",
                new MapSqlParameterSource("inboxEventId", inboxEventId), this::map).stream().findFirst();
    }

    /** The decrypted original event; throws {@link FieldDecryptionException} when it cannot be read. */
    public Optional<String> payload(long id) {
        return jdbc.query("SELECT inbox_event_id, payload_ciphertext FROM dead_letter WHERE id = :id",
                        new MapSqlParameterSource("id", id),
                        (rs, n) -> cipher.decrypt(rs.getString(2), payloadAad(rs.getLong(1))))
                .stream().findFirst();
    }

    /** Newest failures first. */
    public List<DeadLetter> list(DeadLetterFilter filter, int limit, int offset) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        return jdbc.query("SELECT " + COLUMNS + " FROM dead_letter" + where(filter, p)
                + " ORDER BY last_failed_at DESC, id DESC LIMIT :limit OFFSET :offset", p, this::map);
    }

    public long count(DeadLetterFilter filter) {
        MapSqlParameterSource p = new MapSqlParameterSource();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter" + where(filter, p), p, Long.class);
        return n == null ? 0 : n;
    }

    /** Ids in replay order: oldest first failure first. */
    public List<Long> ids(DeadLetterFilter filter, int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit);
        return jdbc.queryForList("SELECT id FROM dead_letter" + where(filter, p)
                + " ORDER BY first_failed_at, id LIMIT :limit", p, Long.class);
    }

    public long countOpen() {
        return count(DeadLetterFilter.none().withStatus(DeadLetterStatus.OPEN));
    }

    /** Compare-and-set on the status, so that two operators cannot both replay or discard one dead letter. */
    public boolean transition(long id, DeadLetterStatus from, DeadLetterStatus to, String discardReason, Instant at) {
        return jdbc.update("""
                UPDATE dead_letter SET status = :to, discard_reason = :reason, updated_at = :at
                WHERE id = :id AND status = :from
                """, new MapSqlParameterSource()
                .addValue("id", id).addValue("from", from.name()).addValue("to", to.name())
                .addValue("reason", discardReason).addValue("at", ts(at))) == 1;
    }

    public boolean resolveReplayed(long inboxEventId, Instant at) {
        return jdbc.update("""
                UPDATE dead_letter SET status = :to, updated_at = :at
                WHERE inbox_event_id = :inboxEventId AND status = :from
                """, new MapSqlParameterSource()
                .addValue("inboxEventId", inboxEventId).addValue("from", DeadLetterStatus.REPLAYED.name())
                .addValue("to", DeadLetterStatus.RESOLVED.name()).addValue("at", ts(at))) == 1;
    }

    // Only fixed SQL fragments are concatenated; every value is a bind parameter.
    private static String where(DeadLetterFilter f, MapSqlParameterSource p) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (f.flow() != null) {
            sql.append(" AND flow = :flow");
            p.addValue("flow", f.flow());
        }
        if (f.errorType() != null) {
            sql.append(" AND error_type = :errorType");
            p.addValue("errorType", f.errorType());
        }
        if (f.recordId() != null) {
            sql.append(" AND record_id = :recordId");
            p.addValue("recordId", f.recordId());
        }
        if (f.status() != null) {
            sql.append(" AND status = :status");
            p.addValue("status", f.status().name());
        }
        if (f.from() != null) {
            sql.append(" AND last_failed_at >= :from");
            p.addValue("from", ts(f.from()));
        }
        if (f.to() != null) {
            sql.append(" AND last_failed_at < :to");
            p.addValue("to", ts(f.to()));
        }
        return sql.toString();
    }

    private DeadLetter map(ResultSet rs, int row) throws SQLException {
        long inboxEventId = rs.getLong("inbox_event_id");
        String message = null;
        String unreadable = null;
        try {
            message = cipher.decrypt(rs.getString("error_message"), messageAad(inboxEventId));
        } catch (FieldDecryptionException e) {
            unreadable = "error_message: " + e.getMessage();
        }
        return new DeadLetter(
                rs.getLong("id"), inboxEventId, rs.getString("source"), rs.getString("event_key"),
                rs.getString("flow"), rs.getString("route_id"), rs.getString("entity"), rs.getString("record_id"),
                rs.getString("change_type"), rs.getString("error_type"), message, rs.getInt("attempts"),
                rs.getInt("dead_letter_count"), instant(rs, "first_failed_at"), instant(rs, "last_failed_at"),
                rs.getString("correlation_id"), DeadLetterStatus.valueOf(rs.getString("status")),
                rs.getString("discard_reason"), instant(rs, "updated_at"), unreadable);
    }

    static String payloadAad(long inboxEventId) {
        return FieldCipher.aad(TABLE, "payload_ciphertext", "inbox_event_id=" + inboxEventId);
    }

    static String messageAad(long inboxEventId) {
        return FieldCipher.aad(TABLE, "error_message", "inbox_event_id=" + inboxEventId);
    }

    static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
