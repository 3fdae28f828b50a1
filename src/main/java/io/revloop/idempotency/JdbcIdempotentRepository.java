package io.revloop.idempotency;

import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Idempotent repository on the Flyway table {@code idempotency_key}. {@link #add} is one
 * {@code INSERT ... ON CONFLICT DO NOTHING}: two instances racing on a key get exactly one {@code true} and no
 * exception, unlike Camel's check-then-insert JDBC repository.
 */
public class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final String processor;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public JdbcIdempotentRepository(String processor, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.processor = processor;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return jdbc.update("INSERT INTO idempotency_key (processor, message_key, created_at) "
                + "VALUES (:p, :k, :now) ON CONFLICT DO NOTHING", params(key)
                .addValue("now", clock.instant().atOffset(ZoneOffset.UTC))) == 1;
    }

    @Override
    public boolean contains(String key) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM idempotency_key WHERE processor = :p "
                + "AND message_key = :k", params(key), Integer.class);
        return n != null && n > 0;
    }

    @Override
    public boolean remove(String key) {
        return jdbc.update("DELETE FROM idempotency_key WHERE processor = :p AND message_key = :k", params(key)) == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.update("DELETE FROM idempotency_key WHERE processor = :p", new MapSqlParameterSource("p", processor));
    }

    public String processor() {
        return processor;
    }

    private MapSqlParameterSource params(String key) {
        return new MapSqlParameterSource("p", processor).addValue("k", key);
    }
}
