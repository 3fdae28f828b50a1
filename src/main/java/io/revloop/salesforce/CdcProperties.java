package io.revloop.salesforce;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Change Data Capture intake.
 *
 * @param defaultReplayId replay id for a channel without checkpoint: -1 new events only, -2 all retained
 * @param retention       how long Salesforce keeps events; an older checkpoint means a gap
 * @param resyncMargin    a resync window starts this much before the last stored commit time
 * @param resyncFields    fields read per entity by a resync (Id and SystemModstamp are always read)
 * @param routing         which flow and priority a change gets; first matching rule wins
 * @param echo            suppression of changes that revloop itself wrote
 */
@ConfigurationProperties(prefix = "revloop.cdc")
public record CdcProperties(
        @DefaultValue("-1") long defaultReplayId,
        @DefaultValue("72h") Duration retention,
        @DefaultValue("15m") Duration resyncMargin,
        Map<String, List<String>> resyncFields,
        List<RoutingRule> routing,
        @DefaultValue Echo echo) {

    public CdcProperties {
        resyncFields = resyncFields == null ? Map.of() : resyncFields;
        routing = routing == null ? List.of() : routing;
    }

    /**
     * @param entity           Salesforce object, e.g. Opportunity
     * @param changeTypes      CREATE, UPDATE, DELETE, UNDELETE (empty = all); RESYNC events match CREATE/UPDATE rules
     * @param changedFieldsAny the change must touch one of these fields (empty = any)
     * @param fieldEquals      field values the record must have after the change
     * @param flow             flow route id; the worker sends to {@code direct:<flow>}
     * @param priority         0 = billing-critical; larger = later
     */
    public record RoutingRule(
            String entity,
            List<String> changeTypes,
            List<String> changedFieldsAny,
            Map<String, String> fieldEquals,
            String flow,
            @DefaultValue("5") int priority) {

        public RoutingRule {
            changeTypes = changeTypes == null ? List.of() : changeTypes;
            changedFieldsAny = changedFieldsAny == null ? List.of() : changedFieldsAny;
            fieldEquals = fieldEquals == null ? Map.of() : fieldEquals;
        }
    }

    /**
     * @param enabled            skip changes whose every changed field equals what revloop wrote
     * @param integrationUserId  Salesforce user id revloop writes as; empty = taken from the login identity
     * @param ignoredFields      system fields never compared
     */
    public record Echo(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("") String integrationUserId,
            @DefaultValue({"LastModifiedDate", "LastModifiedById", "SystemModstamp"}) List<String> ignoredFields) {
    }
}
