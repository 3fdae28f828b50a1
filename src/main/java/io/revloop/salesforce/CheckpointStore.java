package io.revloop.salesforce;

import io.revloop.observability.CheckpointStatus;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Last stored replay id per CometD channel; written in the intake transaction together with the inbox rows. */
@Repository
public class CheckpointStore implements CheckpointStatus {

    /** A channel's position: the replay id of the last stored event and its commit time. */
    public record Checkpoint(String channel, long replayId, Instant commitTimestamp, Instant updatedAt) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public CheckpointStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Checkpoint> find(String channel) {
        return jdbc.query("SELECT channel, replay_id, commit_timestamp, updated_at FROM cdc_checkpoint "
                + "WHERE channel = :channel", new MapSqlParameterSource("channel", channel), (rs, n) -> {
                    OffsetDateTime commit = rs.getObject("commit_timestamp", OffsetDateTime.class);
                    return new Checkpoint(rs.getString("channel"), rs.getLong("replay_id"),
                            commit == null ? null : commit.toInstant(),
                            rs.getObject("updated_at", OffsetDateTime.class).toInstant());
                }).stream().findFirst();
    }

    @Override
    public Map<String, Instant> lastAdvanced() {
        Map<String, Instant> result = new LinkedHashMap<>();
        jdbc.query("SELECT channel, updated_at FROM cdc_checkpoint ORDER BY channel", rs -> {
            result.put(rs.getString("channel"), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
        });
        return result;
    }

    public void save(String channel, long replayId, Instant commitTimestamp, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("channel", channel).addValue("replayId", replayId)
                .addValue("commit", commitTimestamp == null ? null : commitTimestamp.atOffset(ZoneOffset.UTC),
                        Types.TIMESTAMP_WITH_TIMEZONE)
                .addValue("now", now.atOffset(ZoneOffset.UTC));
        String update = "UPDATE cdc_checkpoint SET replay_id = :replayId, "
                + "commit_timestamp = :commit, updated_at = :now WHERE channel = :channel";
        if (jdbc.update(update, p) == 1) {
            return;
        }
        if (jdbc.update("INSERT INTO cdc_checkpoint (channel, replay_id, commit_timestamp, updated_at) "
                + "VALUES (:channel, :replayId, :commit, :now) ON CONFLICT DO NOTHING", p) == 0) {
            jdbc.update(update, p);
        }
    }
}
