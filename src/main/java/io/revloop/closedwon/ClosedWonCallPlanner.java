package io.revloop.closedwon;

import io.revloop.mapping.CallPlanner;
import io.revloop.mapping.MappingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What the Closed-Won flow would call for a mapped opportunity, for the mapping dry-run. */
@Component
public class ClosedWonCallPlanner implements CallPlanner {

    @Override
    public boolean supports(String mappingName) {
        return ClosedWonSync.SUBSCRIPTION_MAPPING.equals(mappingName);
    }

    @Override
    public List<PlannedCall> plan(String mappingName, Map<String, Object> source, MappingResult result) {
        Object oppId = source.get("Id");
        Object accountId = source.get("AccountId");
        Object customerId = result.document().get("customer_id");
        List<PlannedCall> calls = new ArrayList<>();
        calls.add(new PlannedCall("salesforce", "GET", "/query (Opportunity " + oppId
                + " with Account, Billing_Contact__r, OpportunityLineItems, OpportunityContactRoles)", null));
        if (customerId == null) {
            calls.add(new PlannedCall("ordway", "GET", "/customers?salesforce_id=" + accountId, null));
            calls.add(new PlannedCall("ordway", "GET", "/customers?name=... (matching rule, if configured)", null));
            calls.add(new PlannedCall("ordway", "POST", "/customers (if none found)", null));
        }
        calls.add(new PlannedCall("ordway", "GET/POST/PUT", "/customers/{customer_id}/contacts (billing, shipping)",
                null));
        calls.add(new PlannedCall("ordway", "PUT", "/customers/{customer_id} (billing_contact_id, "
                + "shipping_contact_id)", null));
        calls.add(new PlannedCall("ordway", "GET", "/subscriptions?salesforce_id=" + oppId, null));
        calls.add(new PlannedCall("ordway", "POST", "/subscriptions (if none found)", result.document()));
        calls.add(new PlannedCall("ordway", "PUT", "/subscriptions/{id}/activate (if revloop.closed-won.activate)",
                null));
        calls.add(new PlannedCall("salesforce", "POST", "/composite (Opportunity, Account, Contacts, line items)",
                null));
        return calls;
    }
}
