package io.revloop.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Maps a change (entity, change type, changed fields, values) to a flow and priority, from configuration only. */
@Component
public class RoutingTable {

    public static final String RESYNC = "RESYNC";

    /** Flow and priority for one change. */
    public record Target(String flow, int priority) {
    }

    private final List<CdcProperties.RoutingRule> rules;

    public RoutingTable(CdcProperties properties) {
        this.rules = List.copyOf(properties.routing());
        for (CdcProperties.RoutingRule r : rules) {
            if (r.entity() == null || r.flow() == null) {
                throw new IllegalStateException("revloop.cdc.routing rule needs entity and flow: " + r);
            }
        }
    }

    /**
     * @param fields the record's values after the change (CDC body or a re-read record)
     */
    public Optional<Target> route(String entity, String changeType, Collection<String> changedFields,
            JsonNode fields) {
        for (CdcProperties.RoutingRule r : rules) {
            if (r.entity().equals(entity) && typeMatches(r, changeType)
                    && changedMatches(r, changeType, changedFields) && valuesMatch(r, fields)) {
                return Optional.of(new Target(r.flow(), r.priority()));
            }
        }
        return Optional.empty();
    }

    /** Entities that at least one flow wants. */
    public Set<String> entities() {
        Set<String> s = new LinkedHashSet<>();
        rules.forEach(r -> s.add(r.entity()));
        return s;
    }

    /** Fields the entity's rules look at, so a resync reads them. */
    public Set<String> fieldsUsedBy(String entity) {
        Set<String> s = new LinkedHashSet<>();
        rules.stream().filter(r -> r.entity().equals(entity)).forEach(r -> {
            s.addAll(r.changedFieldsAny());
            s.addAll(r.fieldEquals().keySet());
        });
        return s;
    }

    /** Most urgent priority among the entity's rules, for gap repair of that entity. */
    public OptionalInt priorityOf(String entity) {
        return rules.stream().filter(r -> r.entity().equals(entity)).mapToInt(CdcProperties.RoutingRule::priority)
                .min();
    }

    private static boolean typeMatches(CdcProperties.RoutingRule r, String changeType) {
        if (r.changeTypes().isEmpty()) {
            return true;
        }
        if (RESYNC.equals(changeType)) {
            return r.changeTypes().contains("CREATE") || r.changeTypes().contains("UPDATE")
                    || r.changeTypes().contains(RESYNC);
        }
        return r.changeTypes().contains(changeType);
    }

    private static boolean changedMatches(CdcProperties.RoutingRule r, String changeType,
            Collection<String> changedFields) {
        // A create or a re-read record carries every field, so "field changed" is implied.
        if (r.changedFieldsAny().isEmpty() || RESYNC.equals(changeType) || "CREATE".equals(changeType)
                || "UNDELETE".equals(changeType)) {
            return true;
        }
        return r.changedFieldsAny().stream().anyMatch(changedFields::contains);
    }

    private static boolean valuesMatch(CdcProperties.RoutingRule r, JsonNode fields) {
        for (Map.Entry<String, String> e : r.fieldEquals().entrySet()) {
            JsonNode v = fields == null ? null : fields.get(e.getKey());
            if (v == null || v.isNull() || !e.getValue().equals(v.asText())) {
                return false;
            }
        }
        return true;
    }
}
