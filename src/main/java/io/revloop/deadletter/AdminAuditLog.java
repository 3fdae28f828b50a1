package io.revloop.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code admin_audit} table: who did what to which target, and how it ended. Insert-only by design. */
@Repository
public class AdminAuditLog {

    public static final String TARGET_DEAD_LETTER = "dead_letter";
    public static final String TARGET_DEAD_LETTER_FILTER = "dead_letter_filter";
    public static final String TARGET_ADMIN_API = "admin_api";

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public AdminAuditLog(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Criteria for reading the trail; null means "any". */
    public record Query(String actor, String action, String targetType, String targetId, Instant from, Instant to) {
    }

    /**
     * @param target serialised to JSON; a map or record naming ids or the filter used
     */
    public void record(String actor, String action, String targetType, String targetId, Object target,
                       String outcome, String detail, Instant at) {
        jdbc.update("""
                INSERT INTO admin_audit (occurred_at, actor, action, target_type, target_id, target, outcome, detail)
                VALUES (:at, :actor, :action, :targetType, :targetId, :target, :outcome, :detail)
                """, new MapSqlParameterSource()
                .addValue("at", DeadLetterStore.ts(at))
                .addValue("actor", truncate(actor, 128))
                .addValue("action", action)
                .addValue("targetType", targetType)
                .addValue("targetId", targetId)
                .addValue("target", toJson(target))
                .addValue("outcome", outcome)
                .addValue("detail", detail));
    }

    /** Newest first. */
    public List<AuditEntry> find(Query q, int limit, int offset) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("limit", limit).addValue("offset", offset);
        return jdbc.query("SELECT id, occurred_at, actor, action, target_type, target_id, target, outcome, detail "
                + "FROM admin_audit" + where(q, p) + " ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset",
                p, (rs, n) -> new AuditEntry(
                        rs.getLong("id"), DeadLetterStore.instant(rs, "occurred_at"), rs.getString("actor"),
                        rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("detail")));
    }

    public long count(Query q) {
        MapSqlParameterSource p = new MapSqlParameterSource();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM admin_audit" + where(q, p), p, Long.class);
        return n == null ? 0 : n;
    }

    // Only fixed SQL fragments are concatenated; every value is a bind parameter.
    private static String where(Query q, MapSqlParameterSource p) {
        StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        if (q.actor() != null) {
            sql.append(" AND actor = :actor");
            p.addValue("actor", q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = :action");
            p.addValue("action", q.action());
        }
        if (q.targetType() != null) {
            sql.append(" AND target_type = :targetType");
            p.addValue("targetType", q.targetType());
        }
        if (q.targetId() != null) {
            sql.append(" AND target_id = :targetId");
            p.addValue("targetId", q.targetId());
        }
        if (q.from() != null) {
            sql.append(" AND occurred_at >= :from");
            p.addValue("from", DeadLetterStore.ts(q.from()));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < :to");
            p.addValue("to", DeadLetterStore.ts(q.to()));
        }
        return sql.toString();
    }

    String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit target is not serialisable", e);
        }
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
