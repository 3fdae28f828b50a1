package io.revloop.closedwon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revloop.inbox.PermanentSyncException;
import org.junit.jupiter.api.Test;

class ClosedWonSyncTest {

    private final ClosedWonSync sync = new ClosedWonSync(null, null, null, null, null, null, null, "62.0");

    @Test
    void readsOpportunityAccountContactsAndLineItemsInOneQuery() {
        String soql = sync.query("006Dm000000000UIAQ");
        assertThat(soql).startsWith("SELECT Id, Name, StageName").endsWith("FROM Opportunity WHERE Id = '006Dm000000000UIAQ'")
                .contains("Account.Ordway_Customer_Id__c", "Billing_Contact__r.Email",
                        "FROM OpportunityLineItems)", "Contact.Ordway_Contact_Id__c FROM OpportunityContactRoles)");
    }

    @Test
    void refusesAnythingButASalesforceIdInTheQuery() {
        assertThatThrownBy(() -> sync.query("006' OR Name != '")).isInstanceOf(PermanentSyncException.class);
        assertThatThrownBy(() -> sync.query(null)).isInstanceOf(PermanentSyncException.class);
    }
}
