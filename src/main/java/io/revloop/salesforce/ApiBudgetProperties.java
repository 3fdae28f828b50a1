package io.revloop.salesforce;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Salesforce daily API allocation handling.
 *
 * @param deferShare       past this share of the allocation only billing-critical events run
 * @param criticalPriority priorities up to this one are billing-critical
 * @param pauseFor         at the limit, Salesforce-writing flows pause this long unless a reading shows room
 * @param writeFlows       flows that write to Salesforce (paused at the limit)
 */
@ConfigurationProperties(prefix = "revloop.salesforce.api-budget")
public record ApiBudgetProperties(
        @DefaultValue("0.80") double deferShare,
        @DefaultValue("0") int criticalPriority,
        @DefaultValue("1h") Duration pauseFor,
        List<String> writeFlows) {

    public ApiBudgetProperties {
        writeFlows = writeFlows == null ? List.of() : List.copyOf(writeFlows);
    }
}
