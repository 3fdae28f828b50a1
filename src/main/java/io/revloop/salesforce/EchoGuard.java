package io.revloop.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps revloop's own Salesforce writes from coming back as work. Flows record what they wrote
 * ({@link #recordWrite}); a change by the integration user whose every changed field equals the recorded value is
 * an echo and is dropped, once. A later edit of the same record, by a person or with another value, still flows.
 */
@Component
public class EchoGuard {

    private final CdcProperties.Echo settings;
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper mapper;
    private final CamelContext camel;
    private final Clock clock;
    private volatile String integrationUserId;

    public EchoGuard(CdcProperties properties, NamedParameterJdbcTemplate jdbc, ObjectMapper mapper,
            CamelContext camel, Clock clock) {
        this.settings = properties.echo();
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.camel = camel;
        this.clock = clock;
        this.integrationUserId = settings.integrationUserId().isBlank() ? null : settings.integrationUserId();
    }

    /** Called by a flow after it wrote these field values to a Salesforce record. */
    @Transactional
    public void recordWrite(String object, String recordId, Map<String, ?> fields) {
        for (Map.Entry<String, ?> f : fields.entrySet()) {
            MapSqlParameterSource p = new MapSqlParameterSource("object", object).addValue("recordId", recordId)
                    .addValue("field", f.getKey()).addValue("hash", hash(mapper.valueToTree(f.getValue())))
                    .addValue("now", clock.instant().atOffset(ZoneOffset.UTC));
            String update = "UPDATE sf_write_log SET value_hash = :hash, written_at = :now "
                    + "WHERE object_name = :object AND record_id = :recordId AND field_name = :field";
            if (jdbc.update(update, p) == 0 && jdbc.update("INSERT INTO sf_write_log (object_name, record_id, "
                    + "field_name, value_hash, written_at) VALUES (:object, :recordId, :field, :hash, :now) "
                    + "ON CONFLICT DO NOTHING", p) == 0) {
                jdbc.update(update, p);
            }
        }
    }

    /**
     * True when this change is revloop's own write coming back; the matching write-log entries are consumed.
     */
    @Transactional
    public boolean isEcho(String commitUser, String entity, String recordId, Collection<String> changedFields,
            JsonNode values) {
        if (!settings.enabled() || commitUser == null || !commitUser.equals(integrationUserId())) {
            return false;
        }
        List<String> compared = changedFields.stream().filter(f -> !settings.ignoredFields().contains(f)).toList();
        if (compared.isEmpty()) {
            return false;
        }
        for (String field : compared) {
            List<String> logged = jdbc.queryForList("SELECT value_hash FROM sf_write_log WHERE object_name = :o "
                    + "AND record_id = :r AND field_name = :f", new MapSqlParameterSource("o", entity)
                    .addValue("r", recordId).addValue("f", field), String.class);
            JsonNode v = values == null ? null : values.get(field);
            if (logged.isEmpty() || !logged.get(0).equals(hash(v))) {
                return false;
            }
        }
        jdbc.update("DELETE FROM sf_write_log WHERE object_name = :o AND record_id = :r AND field_name IN (:f)",
                new MapSqlParameterSource("o", entity).addValue("r", recordId).addValue("f", compared));
        return true;
    }

    /** The integration user's id: configured, or the last segment of the login identity URL. */
    String integrationUserId() {
        if (integrationUserId == null && camel.hasComponent("salesforce") instanceof SalesforceComponent sf
                && sf.getSession() != null && sf.getSession().getId() != null) {
            String id = sf.getSession().getId();
            integrationUserId = id.substring(id.lastIndexOf('/') + 1);
        }
        return integrationUserId;
    }

    /** Hash of a normalised value: numbers compare by value (1000 = 1000.0), everything else by its JSON text. */
    static String hash(JsonNode v) {
        String canonical;
        if (v == null || v.isNull()) {
            canonical = "null";
        } else if (v.isNumber()) {
            canonical = "n:" + v.decimalValue().stripTrailingZeros().toPlainString();
        } else if (v.isTextual()) {
            canonical = "s:" + v.textValue();
        } else {
            canonical = "j:" + v;
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
