package io.revloop.closedwon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revloop.sandbox.salesforce.Fault;
import io.revloop.sandbox.salesforce.FaultRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Closed-Won deals that sync: the shapes of deal the issue lists, and re-closes, duplicates and retries. */
class ClosedWonSyncE2eTest extends ClosedWonE2eSupport {

    @Test
    void eurQuarterlyDealWithTieredVolumePerUnitSetupFeeDiscountAndZeroPriceLine() {
        String account = account("Acme GmbH", "EUR");
        String anna = contact(account, "Anna", "Berger", "anna@acme.example");
        String ben = contact(account, "Ben", "Kurz", "ben@acme.example");
        String opp = opportunity(account, "EUR", Map.of("Billing_Frequency__c", "Quarterly",
                "Contract_Start_Date__c", "2026-03-01", "Contract_Term_Months__c", 12.0,
                "Billing_Start_Date__c", "2026-03-15", "Auto_Renew__c", true, "Payment_Terms__c", "Net 45"));
        String users = line(opp, "PLAT-USER", "EUR", 25, 100.0, 10.0);
        String calls = line(opp, "API-CALLS", "EUR", 1500, 0.65, null);
        String seats = line(opp, "SEATS-VOL", "EUR", 60, 35.0, null);
        String setup = line(opp, "ONBOARD", "EUR", 1, 5000.0, null);
        String sandbox = line(opp, "SANDBOX", "EUR", 1, 0.0, null);
        role(opp, anna, "Billing Contact", true);
        role(opp, ben, "Shipping Contact", false);
        awaitSettled(opp);
        // The Account flow syncs the new Account on its own; let it finish so only this deal's calls are counted.
        await().atMost(BOUND).until(() -> "Synced".equals(record(account).get("Ordway_Sync_Status__c")));
        awaitInboxIdle();

        int apiBefore = SF.apiUsage().used();
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));
        awaitStatus(opp, "Synced");
        awaitSettled(opp);
        int apiCalls = SF.apiUsage().used() - apiBefore;
        System.out.println("Salesforce API calls for one Closed-Won opportunity (5 line items, 2 contacts): "
                + apiCalls);
        assertThat(apiCalls).isEqualTo(2); // one relationship query, one composite write-back

        // Salesforce write-back
        Map<String, Object> o = record(opp);
        String customerId = (String) o.get("Ordway_Customer_Id__c");
        String subscriptionId = (String) o.get("Ordway_Subscription_Id__c");
        assertThat(o.get("Ordway_Sync_Error__c")).isNull();
        assertThat(o.get("Ordway_Last_Synced__c")).isNotNull();
        assertThat(record(account).get("Ordway_Customer_Id__c")).isEqualTo(customerId);
        assertThat(record(account).get("Ordway_Sync_Status__c")).isEqualTo("Synced");

        // Ordway customer and contacts
        JsonNode customer = ORDWAY.company().customer(customerId);
        assertThat(customer.path("salesforce_id").asText()).isEqualTo(account);
        assertThat(customer.path("name").asText()).isEqualTo("Acme GmbH");
        assertThat(customer.path("currency").asText()).isEqualTo("EUR");
        String annaId = (String) record(anna).get("Ordway_Contact_Id__c");
        String benId = (String) record(ben).get("Ordway_Contact_Id__c");
        assertThat(customer.path("billing_contact_id").asText()).isEqualTo(annaId);
        assertThat(customer.path("shipping_contact_id").asText()).isEqualTo(benId);
        // Only the two people are synced; if the Account flow created the customer first, Ordway also holds its
        // default contact named after the customer, which bills and ships to nobody.
        assertThat(syncedContacts(customer)).hasSize(2);
        JsonNode annaInOrdway = ORDWAY.company().get("/customers/" + customerId + "/contacts/" + annaId);
        assertThat(annaInOrdway.path("email").asText()).isEqualTo("anna@acme.example");
        assertThat(annaInOrdway.path("salesforce_id").asText()).isEqualTo(anna);
        assertThat(annaInOrdway.path("address1").asText()).isEqualTo("Hauptstr. 1");
        assertThat(annaInOrdway.path("address2").asText()).isEqualTo("Etage 3");
        assertThat(annaInOrdway.path("city").asText()).isEqualTo("Berlin");

        // Ordway subscription
        JsonNode s = ORDWAY.company().subscription(subscriptionId);
        assertThat(s.path("customer_id").asText()).isEqualTo(customerId);
        assertThat(s.path("salesforce_id").asText()).isEqualTo(opp);
        assertThat(s.path("status").asText()).isEqualTo("Active");
        assertThat(s.path("currency").asText()).isEqualTo("EUR");
        assertThat(s.path("contract_effective_date").asText()).isEqualTo("2026-03-01");
        assertThat(s.path("service_start_date").asText()).isEqualTo("2026-03-01");
        assertThat(s.path("billing_start_date").asText()).isEqualTo("2026-03-15");
        assertThat(s.path("contract_term").asText()).isEqualTo("12");
        assertThat(s.path("renewal_term").asText()).isEqualTo("12");
        assertThat(s.path("auto_renew").asBoolean()).isTrue();
        assertThat(s.path("payment_terms").asText()).isEqualTo("Net 45");
        assertThat(s.path("bill_contact_id").asText()).isEqualTo(annaId);
        assertThat(s.path("shipping_contact_id").asText()).isEqualTo(benId);
        assertThat(s.path("plans")).hasSize(5);
        assertLine(lineFor(s, users), "PLN-00001", "CHG-00001", 25, "100.00", "10.00", "2250.00", "Quarterly");
        // tiered: 100 x 0 + 900 x 0.80 + 500 x 0.50
        JsonNode tiered = lineFor(s, calls);
        assertLine(tiered, "PLN-00002", "CHG-00002", 1500, null, "0.00", "970.00", "Quarterly");
        assertThat(tiered.path("tiers")).hasSize(3);
        assertThat(tiered.path("tiers").get(1).path("price").asDouble()).isEqualTo(0.80);
        // volume: all 60 seats at the 51-200 tier price
        JsonNode volume = lineFor(s, seats);
        assertLine(volume, "PLN-00003", "CHG-00003", 60, null, "0.00", "2100.00", "Quarterly");
        assertThat(volume.path("tiers").get(1).path("price").asDouble()).isEqualTo(35.0);
        JsonNode fee = lineFor(s, setup);
        assertLine(fee, "PLN-00004", "CHG-00004", 1, "5000.00", "0.00", "5000.00", "");
        assertThat(fee.path("charge_type").asText()).isEqualTo("One time");
        assertLine(lineFor(s, sandbox), "PLN-00001", "CHG-00005", 1, "0.00", "0.00", "0.00", "Quarterly");
        assertThat(record(users).get("Ordway_Charge_Line_Id__c"))
                .isEqualTo(lineFor(s, users).path("subscription_line_id").asText());

        // Re-close and a later edit: read, recognised as done, nothing created
        int subscriptionPosts = ORDWAY.journal().count("POST", ".*/subscriptions");
        int customerPosts = ORDWAY.journal().count("POST", ".*/customers");
        update("Opportunity", opp, Map.of("StageName", "Negotiation/Review"));
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));
        update("Opportunity", opp, Map.of("Payment_Terms__c", "Net 30"));
        awaitSettled(opp);
        assertThat(ORDWAY.journal().count("POST", ".*/subscriptions")).isEqualTo(subscriptionPosts);
        assertThat(ORDWAY.journal().count("POST", ".*/customers")).isEqualTo(customerPosts);
        assertThat(subscriptionsOf(opp)).hasSize(1);
        assertThat(customersOf(account)).hasSize(1);
        assertThat(record(opp).get("Ordway_Sync_Status__c")).isEqualTo("Synced");
    }

    @Test
    void secondDealOfTheAccountReusesItsCustomerUpdatesItsContactAndAddsASubscription() {
        String account = account("Umbrella Ltd", "GBP");
        String dana = contact(account, "Dana", "Scully", "dana@umbrella.example");
        String first = opportunity(account, "GBP", Map.of("Billing_Frequency__c", "Monthly",
                "Contract_Start_Date__c", "2026-01-01", "Contract_Term_Months__c", 12.0, "Billing_Contact__c", dana));
        line(first, "PLAT-USER", "GBP", 4, 50.0, null);
        update("Opportunity", first, Map.of("StageName", "Closed Won"));
        awaitStatus(first, "Synced");
        String customerId = (String) record(account).get("Ordway_Customer_Id__c");
        String danaId = (String) record(dana).get("Ordway_Contact_Id__c");

        update("Contact", dana, Map.of("Email", "dana.scully@umbrella.example"));
        String second = opportunity(account, "GBP", Map.of("Billing_Frequency__c", "Monthly",
                "Contract_Start_Date__c", "2026-07-01", "Contract_Term_Months__c", 6.0, "Billing_Contact__c", dana));
        line(second, "SEATS-VOL", "GBP", 10, 40.0, null);
        update("Opportunity", second, Map.of("StageName", "Closed Won"));
        awaitStatus(second, "Synced");
        awaitSettled(second);

        assertThat(record(second).get("Ordway_Customer_Id__c")).isEqualTo(customerId);
        assertThat(customersOf(account)).hasSize(1);
        assertThat(ORDWAY.company().get("/subscriptions?customer_id=" + customerId)).hasSize(2);
        JsonNode danaInOrdway = ORDWAY.company().get("/customers/" + customerId + "/contacts/" + danaId);
        assertThat(danaInOrdway.path("email").asText()).isEqualTo("dana.scully@umbrella.example");
        assertThat(syncedContacts(ORDWAY.company().customer(customerId))).hasSize(1);
        JsonNode s = ORDWAY.company().subscription((String) record(second).get("Ordway_Subscription_Id__c"));
        assertThat(s.path("currency").asText()).isEqualTo("GBP");
        assertThat(s.path("contract_term").asText()).isEqualTo("6");
        assertThat(s.path("bill_contact_id").asText()).isEqualTo(danaId);
    }

    @Test
    void annualThreeYearDealAdoptsMatchingCustomerAndSurvivesRetryAndDuplicateEvent() {
        // A customer made by hand in Ordway before the integration: adopted by the name rule, not duplicated
        // (made before the Account, which the Account flow syncs as soon as it exists)
        String existing = ORDWAY.company().post("/customers", Map.of("name", "Globex Inc")).path("id").asText();
        String account = account("Globex Inc", "USD");
        String buyer = contact(account, "Cleo", "Park", "cleo@globex.example");
        String opp = opportunity(account, "USD", Map.of("Billing_Frequency__c", "Annually",
                "Contract_Start_Date__c", "2026-03-20", "Contract_Term_Months__c", 36.0,
                "Service_Start_Date__c", "2026-04-01", "Billing_Start_Date__c", "2026-04-01",
                "Auto_Renew__c", false, "Billing_Contact__c", buyer));
        String users = line(opp, "PLAT-USER", "USD", 10, 1200.0, null);
        awaitSettled(opp);

        // The write-back fails once after Ordway has the subscription: the retry must find, not create
        SF.faults().add(FaultRule.of(Fault.SERVER_ERROR).method("POST").path("composite.*").times(1));
        update("Opportunity", opp, Map.of("StageName", "Closed Won"));
        awaitStatus(opp, "Synced");
        awaitSettled(opp);
        assertThat(jdbc.queryForObject("SELECT max(attempts) FROM inbox_event WHERE record_id = ?", Integer.class, opp))
                .isGreaterThanOrEqualTo(2);

        // A duplicate of the same change (as a replay or resync delivers it) is read and ignored
        jdbc.update("INSERT INTO inbox_event (source, event_key, flow, entity, record_id, change_type, priority, "
                + "payload, correlation_id, received_at, status, attempts, next_attempt_at) SELECT source, "
                + "event_key || ':copy', flow, entity, record_id, change_type, priority, payload, correlation_id, "
                + "received_at, 'PENDING', 0, next_attempt_at FROM inbox_event WHERE id = (SELECT max(id) FROM inbox_event "
                + "WHERE record_id = ?)", opp);
        awaitSettled(opp);

        assertThat(subscriptionsOf(opp)).hasSize(1);
        assertThat(ORDWAY.journal().find("POST", ".*/subscriptions").stream()
                .filter(e -> e.body() != null && e.body().contains(opp)).count()).isEqualTo(1);
        assertThat(customersOf(account)).hasSize(1);
        assertThat(customersOf(account).get(0).path("id").asText()).isEqualTo(existing);
        assertThat(ORDWAY.company().get("/customers?name=Globex%20Inc")).hasSize(1);

        Map<String, Object> o = record(opp);
        assertThat(o.get("Ordway_Customer_Id__c")).isEqualTo(existing);
        JsonNode s = ORDWAY.company().subscription((String) o.get("Ordway_Subscription_Id__c"));
        assertThat(s.path("currency").asText()).isEqualTo("USD");
        assertThat(s.path("contract_effective_date").asText()).isEqualTo("2026-03-20");
        assertThat(s.path("service_start_date").asText()).isEqualTo("2026-04-01");
        assertThat(s.path("billing_start_date").asText()).isEqualTo("2026-04-01");
        assertThat(s.path("contract_term").asText()).isEqualTo("36");
        assertThat(s.path("auto_renew").asBoolean()).isFalse();
        assertThat(s.path("payment_terms").asText()).isEqualTo("Net 30");
        assertLine(lineFor(s, users), "PLN-00001", "CHG-00001", 10, "1200.00", "0.00", "12000.00", "Annually");
        String cleo = (String) record(buyer).get("Ordway_Contact_Id__c");
        assertThat(s.path("bill_contact_id").asText()).isEqualTo(cleo);
        assertThat(ORDWAY.company().customer(existing).path("billing_contact_id").asText()).isEqualTo(cleo);
    }

    private static java.util.List<JsonNode> syncedContacts(JsonNode customer) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        customer.path("contacts").forEach(c -> {
            if (!c.path("salesforce_id").asText("").isEmpty()) {
                out.add(c);
            }
        });
        return out;
    }
}
