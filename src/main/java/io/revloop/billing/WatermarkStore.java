package io.revloop.billing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Durable poller watermarks (table {@code poll_watermark}). */
@Repository
class WatermarkStore {

    private final NamedParameterJdbcTemplate jdbc;

    WatermarkStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Instant> get(String poller) {
        return jdbc.query("SELECT watermark FROM poll_watermark WHERE poller = :p", new MapSqlParameterSource("p", poller),
                (rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).stream().findFirst();
    }

    void save(String poller, Instant watermark, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("p", poller)
                .addValue("w", OffsetDateTime.ofInstant(watermark, ZoneOffset.UTC))
                .addValue("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (jdbc.update("UPDATE poll_watermark SET watermark = :w, updated_at = :now WHERE poller = :p", p) == 0) {
            jdbc.update("INSERT INTO poll_watermark (poller, watermark, updated_at) VALUES (:p, :w, :now)"
                    + " ON CONFLICT DO NOTHING", p);
        }
    }
}
