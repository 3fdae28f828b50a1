package io.revloop.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import java.time.Clock;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

/**
 * Ordway has no idempotency key, so a create first looks for the record by its business key: a retry after a lost
 * response finds the first create instead of making a second one. Used by the {@code ordway-find-or-create} route.
 *
 * <p>In: headers {@code OrdwayResource} (e.g. {@code customers}), {@code OrdwayKeyField} (a field the list
 * endpoint filters on and the create body sets), {@code OrdwayKeyValue}; body = the JSON to create.
 * Out: body = the existing or created record (JSON), header {@code OrdwayCreated} = true/false.
 */
@Component("ordwayFindOrCreate")
public class OrdwayFindOrCreate {

    public static final String RESOURCE = "OrdwayResource";
    public static final String KEY_FIELD = "OrdwayKeyField";
    public static final String KEY_VALUE = "OrdwayKeyValue";
    public static final String CREATED = "OrdwayCreated";

    /** Optional: adopt the one record whose field (e.g. {@code name}) has this value and no key yet. */
    public static final String MATCH_FIELD = "OrdwayMatchField";
    public static final String MATCH_VALUE = "OrdwayMatchValue";
    static final String LOCK_PROCESSOR = "ordway-find-or-create";

    private final OrdwayClient ordway;
    private final ObjectMapper mapper;
    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public OrdwayFindOrCreate(OrdwayClient ordway, ObjectMapper mapper, NamedParameterJdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.ordway = ordway;
        this.mapper = mapper;
    }

    public void findOrCreate(Exchange exchange) throws Exception {
        String resource = exchange.getMessage().getHeader(RESOURCE, String.class);
        String field = exchange.getMessage().getHeader(KEY_FIELD, String.class);
        String value = exchange.getMessage().getHeader(KEY_VALUE, String.class);
        if (resource == null || !resource.matches("[a-z_]+(/[A-Za-z0-9_-]+/[a-z_]+)?") || field == null
                || !field.matches("[a-z_]+") || value == null || value.isBlank()) {
            throw new IllegalArgumentException("ordway-find-or-create needs resource, key field and key value");
        }
        String matchField = exchange.getMessage().getHeader(MATCH_FIELD, String.class);
        String matchValue = exchange.getMessage().getHeader(MATCH_VALUE, String.class);
        if (matchField != null && matchField.isBlank()) {
            matchField = null;
        }
        if (matchField != null && !matchField.matches("[a-z_]+")) {
            throw new IllegalArgumentException("ordway-find-or-create: match field must be a plain field name");
        }
        // Two flows (or two instances) may look for the same record at once, e.g. the Account flow and Closed-Won
        // for one Account: a row lock per key makes the second one wait and then find the first one's create.
        try {
            String match = matchField;
            tx.executeWithoutResult(status -> {
                lock(resource + ":" + field + "=" + value);
                try {
                    findOrCreate(exchange, resource, field, value, match, matchValue);
                } catch (Exception e) {
                    throw new Wrapped(e);
                }
            });
        } catch (Wrapped w) {
            throw w.getCause() instanceof Exception e ? e : w;
        }
    }

    private void lock(String key) {
        MapSqlParameterSource p = new MapSqlParameterSource("p", LOCK_PROCESSOR).addValue("k", key)
                .addValue("now", clock.instant().atOffset(ZoneOffset.UTC));
        jdbc.update("INSERT INTO idempotency_key (processor, message_key, created_at) VALUES (:p, :k, :now) "
                + "ON CONFLICT DO NOTHING", p);
        jdbc.queryForList("SELECT message_key FROM idempotency_key WHERE processor = :p AND message_key = :k "
                + "FOR UPDATE", p, String.class);
    }

    private static final class Wrapped extends RuntimeException {
        Wrapped(Exception cause) {
            super(cause);
        }
    }

    private void findOrCreate(Exchange exchange, String resource, String field, String value, String matchField,
            String matchValue) throws Exception {
        String path = "/" + resource;
        JsonNode found = call(path, "GET", URLEncoder.encode(field, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8), null);
        // The list filter is trusted only as far as its results carry the key: never match on an ignored filter.
        if (found != null && found.isArray()) {
            for (JsonNode candidate : found) {
                if (value.equals(candidate.path(field).asText(null))) {
                    exchange.getMessage().setBody(candidate.toString());
                    exchange.getMessage().setHeader(CREATED, false);
                    return;
                }
            }
        }
        if (matchField != null && matchValue != null && !matchValue.isBlank()) {
            JsonNode candidates = call(path, "GET", matchField + "=" + URLEncoder.encode(matchValue,
                    StandardCharsets.UTF_8), null);
            java.util.List<JsonNode> free = new java.util.ArrayList<>();
            if (candidates != null && candidates.isArray()) {
                candidates.forEach(c -> {
                    if (matchValue.equals(c.path(matchField).asText()) && c.path(field).asText("").isEmpty()) {
                        free.add(c);
                    }
                });
            }
            // Exactly one unlinked match is adopted by giving it the key; none or several: create.
            if (free.size() == 1) {
                JsonNode adopted = call(path + "/" + URLEncoder.encode(free.get(0).path("id").asText(),
                        StandardCharsets.UTF_8), "PUT", null, mapper.createObjectNode().put(field, value).toString());
                exchange.getMessage().setBody(adopted == null ? null : adopted.toString());
                exchange.getMessage().setHeader(CREATED, false);
                return;
            }
        }
        JsonNode created = call(path, "POST", null, exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(created == null ? null : created.toString());
        exchange.getMessage().setHeader(CREATED, true);
    }

    private JsonNode call(String path, String method, String query, String body) throws Exception {
        Exchange result = ordway.call(method, path, query, body);
        if (result.getException() != null) {
            throw result.getException();
        }
        String text = result.getMessage().getBody(String.class);
        return text == null || text.isBlank() ? null : mapper.readTree(text);
    }
}
