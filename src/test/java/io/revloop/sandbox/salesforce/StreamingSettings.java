package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.yaml.snakeyaml.Yaml;

/**
 * How the sandbox's Streaming API behaves.
 *
 * @param connectTimeout       how long a {@code /meta/connect} long poll is held (Salesforce: 110 s)
 * @param maxInterval          how long a session survives without a {@code /meta/connect} (Salesforce: 40 s)
 * @param retention            how long events stay replayable (Salesforce: 72 h)
 * @param authCheckInterval    how often connected sessions have their token re-validated, as Salesforce does
 * @param clock                the org's clock: retention and commit timestamps are measured on it
 * @param changeEventEntities  the objects selected for Change Data Capture; their channels exist
 * @param minApiVersion        the oldest {@code /cometd/{version}} accepted
 */
public record StreamingSettings(
        Duration connectTimeout,
        Duration maxInterval,
        Duration retention,
        Duration authCheckInterval,
        Clock clock,
        Set<String> changeEventEntities,
        double minApiVersion) {

    public static final String SCHEMA_RESOURCE = "schema/salesforce-objects.yaml";

    public StreamingSettings {
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(maxInterval);
        Objects.requireNonNull(retention);
        Objects.requireNonNull(authCheckInterval);
        Objects.requireNonNull(clock);
        changeEventEntities = Set.copyOf(changeEventEntities);
    }

    /** Salesforce's production values, with the objects the schema selects for Change Data Capture. */
    public static StreamingSettings defaults() {
        return new StreamingSettings(Duration.ofSeconds(110), Duration.ofSeconds(40), Duration.ofHours(72),
                Duration.ofSeconds(30), Clock.systemUTC(), changeEventEntitiesFromSchema(), 23.0);
    }

    /** Short long polls and fast token checks, so that tests observe reconnects within seconds. */
    public static StreamingSettings forTests(Clock clock) {
        return defaults().withConnectTimeout(Duration.ofSeconds(3)).withAuthCheckInterval(Duration.ofMillis(500))
                .withClock(clock);
    }

    public StreamingSettings withConnectTimeout(Duration value) {
        return new StreamingSettings(value, maxInterval, retention, authCheckInterval, clock, changeEventEntities,
                minApiVersion);
    }

    public StreamingSettings withRetention(Duration value) {
        return new StreamingSettings(connectTimeout, maxInterval, value, authCheckInterval, clock, changeEventEntities,
                minApiVersion);
    }

    public StreamingSettings withAuthCheckInterval(Duration value) {
        return new StreamingSettings(connectTimeout, maxInterval, retention, value, clock, changeEventEntities,
                minApiVersion);
    }

    public StreamingSettings withClock(Clock value) {
        return new StreamingSettings(connectTimeout, maxInterval, retention, authCheckInterval, value,
                changeEventEntities, minApiVersion);
    }

    public StreamingSettings withChangeEventEntities(Set<String> value) {
        return new StreamingSettings(connectTimeout, maxInterval, retention, authCheckInterval, clock, value,
                minApiVersion);
    }

    /** The objects marked {@code changeEvents: true} in the shared Salesforce schema. */
    @SuppressWarnings("unchecked")
    static Set<String> changeEventEntitiesFromSchema() {
        try (InputStream in = StreamingSettings.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing classpath resource " + SCHEMA_RESOURCE);
            }
            Map<String, Object> schema = new Yaml().load(in);
            Map<String, Map<String, Object>> objects = (Map<String, Map<String, Object>>) schema.get("objects");
            Set<String> entities = new TreeSet<>();
            objects.forEach((name, object) -> {
                if (Boolean.TRUE.equals(object.get("changeEvents"))) {
                    entities.add(name);
                }
            });
            return entities;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
