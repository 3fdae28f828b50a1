package io.revloop.idempotency;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Registers a named repository per configured processor before the routes start, so a flow writes
 * {@code idempotentRepository: closed-won-create-subscription-idempotency}.
 */
@Component
public class IdempotentRepositories implements CamelContextConfiguration {

    public static final String SUFFIX = "-idempotency";

    private final IdempotencyProperties properties;
    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, JdbcIdempotentRepository> repositories = new ConcurrentHashMap<>();

    public IdempotentRepositories(IdempotencyProperties properties, NamedParameterJdbcTemplate jdbc, Clock clock) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public JdbcIdempotentRepository forProcessor(String processor) {
        return repositories.computeIfAbsent(processor, p -> new JdbcIdempotentRepository(p, jdbc, clock));
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        for (String processor : properties.processors()) {
            camelContext.getRegistry().bind(processor + SUFFIX, forProcessor(processor));
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }
}
