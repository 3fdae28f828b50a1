package io.revloop.closedwon;

import static org.assertj.core.api.Assertions.assertThat;

import io.revloop.deadletter.DeadLetter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deals the rep has to fix: each fails with a dead letter and an Error status naming the opportunity and the field,
 * and completes once the rep fixes it and saves again. Same Spring context as {@link ClosedWonSyncE2eTest}.
 */
class ClosedWonFailuresE2eTest extends ClosedWonE2eSupport {

    private static final Map<String, Object> TERMS = Map.of("Billing_Frequency__c", "Quarterly",
            "Contract_Start_Date__c", "2026-05-01", "Contract_Term_Months__c", 12.0);

    @Test
    void opportunityWithoutLineItemsFailsReadablyAndCompletesOnceProductsAreAdded() {
        String account = account("Initech No Lines", "EUR");
        String opp = opportunity(account, "EUR", TERMS);
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));

        String error = awaitReadableFailure(opp, "OpportunityLineItems");
        assertThat(error).contains("no products");

        line(opp, "PLAT-USER", "EUR", 5, 90.0, null); // Amount changes: the opportunity is read again
        awaitCompleted(opp);
    }

    @Test
    void productMissingFromTheLookupFailsReadablyAndCompletesOnceTheLineIsReplaced() {
        String account = account("Initech Legacy", "EUR");
        String opp = opportunity(account, "EUR", TERMS);
        line(opp, "PLAT-USER", "EUR", 5, 90.0, null);
        String legacy = line(opp, "LEGACY-X", "EUR", 2, 10.0, null);
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));

        String error = awaitReadableFailure(opp, "ProductCode");
        assertThat(error).contains("LEGACY-X");

        SF.org().delete("OpportunityLineItem", legacy);
        line(opp, "SEATS-VOL", "EUR", 2, 40.0, null);
        awaitCompleted(opp);
        assertThat(ORDWAY.company().subscription((String) record(opp).get("Ordway_Subscription_Id__c"))
                .path("plans")).hasSize(2);
    }

    @Test
    void missingContractStartDateFailsReadablyAndCompletesOnceFilledIn() {
        String account = account("Initech No Date", "EUR");
        String opp = opportunity(account, "EUR", Map.of("Billing_Frequency__c", "Annually",
                "Contract_Term_Months__c", 24.0));
        line(opp, "PLAT-USER", "EUR", 3, 100.0, null);
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));

        awaitReadableFailure(opp, "Contract_Start_Date__c");

        update("Opportunity", opp, Map.of("Contract_Start_Date__c", "2026-06-01"));
        awaitCompleted(opp);
        assertThat(ORDWAY.company().subscription((String) record(opp).get("Ordway_Subscription_Id__c"))
                .path("contract_effective_date").asText()).isEqualTo("2026-06-01");
    }

    @Test
    void currencyOrdwayRejectsFailsReadablyAndCompletesOnceEnabledAndRetried() {
        String account = account("Nakatomi KK", "JPY");
        String opp = opportunity(account, "JPY", TERMS);
        line(opp, "PLAT-USER", "JPY", 10, 12000.0, null);
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));

        String error = awaitReadableFailure(opp, "CurrencyIsoCode");
        assertThat(error).contains("JPY");

        // Billing enables JPY in Ordway; the rep asks for another try
        ORDWAY.company().enableCurrencies("JPY");
        update("Opportunity", opp, Map.of("Ordway_Sync_Status__c", "Pending"));
        awaitCompleted(opp);
        assertThat(ORDWAY.company().subscription((String) record(opp).get("Ordway_Subscription_Id__c"))
                .path("currency").asText()).isEqualTo("JPY");
    }

    /** Dead letter and Opportunity both name the opportunity and the field; nothing was made in Ordway. */
    private String awaitReadableFailure(String opp, String field) {
        awaitStatus(opp, "Error");
        awaitSettled(opp);
        DeadLetter dead = lastDeadLetter(opp).orElseThrow();
        System.out.println("Dead letter for " + opp + ": " + dead.errorMessage());
        assertThat(dead.flow()).isEqualTo("salesforce-to-ordway-closed-won");
        assertThat(dead.errorMessage()).contains(opp).contains(field);
        String shown = (String) record(opp).get("Ordway_Sync_Error__c");
        assertThat(shown).contains(opp).contains(field);
        assertThat(subscriptionsOf(opp)).isEmpty();
        return shown;
    }

    private void awaitCompleted(String opp) {
        awaitStatus(opp, "Synced");
        awaitSettled(opp);
        Map<String, Object> o = record(opp);
        assertThat(o.get("Ordway_Sync_Error__c")).isNull();
        assertThat(subscriptionsOf(opp)).hasSize(1);
        assertThat(subscriptionsOf(opp).get(0).path("id").asText()).isEqualTo(o.get("Ordway_Subscription_Id__c"));
    }
}
