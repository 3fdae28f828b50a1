package io.revloop.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The mapping files the flows use, from the repository's mappings/ folder. */
class RealMappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MappingRegistry registry;

    @BeforeAll
    static void load() {
        registry = new MappingRegistry(ObjectSchemas.fromClasspath(), Path.of("mappings"));
    }

    private static ObjectNode opportunity() throws IOException {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("src/test/resources/mapping/closed-won-opportunity.json")));
    }

    @Test
    void everyMappingFileLoadsWithoutWarnings() {
        assertThat(registry.all()).extracting(Mapping::name).contains("account-to-ordway-customer",
                "contact-to-ordway-contact", "opportunity-to-ordway-subscription");
        assertThat(registry.warnings()).isEmpty();
    }

    @Test
    void closedWonOpportunityBecomesTheExpectedSubscription() throws IOException {
        MappingResult result = registry.apply("opportunity-to-ordway-subscription", opportunity());

        JsonNode expected = JSON.readTree(
                Files.readString(Path.of("src/test/resources/mapping/closed-won-opportunity.expected-subscription.json")));
        assertThat(JSON.valueToTree(result.document()).toPrettyString()).isEqualTo(expected.toPrettyString());
        assertThat(result.ownership()).containsEntry("customer_id", "salesforce")
                .containsEntry("plans", "salesforce").containsEntry("plans[].tiers[].price", "salesforce");
        assertThat(result.warnings()).contains("plans[1].charge_start_date: no value, left out");
    }

    @Test
    void sourceFieldsListWhatTheFlowMustSelect() {
        assertThat(registry.get("opportunity-to-ordway-subscription").sourceFields()).contains(
                "Account.Ordway_Customer_Id__c", "OpportunityLineItems.records.ProductCode",
                "OpportunityContactRoles.records.Contact.Ordway_Contact_Id__c", "Billing_Frequency__c")
                .doesNotContain("OpportunityLineItems.records.ListPrice");
    }

    @Test
    void missingContractDateNamesTheRecordAndTheField() throws IOException {
        ObjectNode opportunity = opportunity();
        opportunity.putNull("Contract_Start_Date__c");

        assertThatThrownBy(() -> registry.apply("opportunity-to-ordway-subscription", opportunity))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.recordId()).isEqualTo("006Rv00000AbCdEIAV");
                    assertThat(e.field()).isEqualTo("contract_effective_date");
                    assertThat(e.getMessage()).isEqualTo("Opportunity 006Rv00000AbCdEIAV: field contract_effective_date:"
                            + " required field contract_effective_date has no value (from Contract_Start_Date__c)"
                            + " - see mappings/opportunity-to-ordway-subscription.yaml:40");
                });
    }

    @Test
    void unknownProductNamesTheRecordTheLineAndTheLookupFile() throws IOException {
        ObjectNode opportunity = opportunity();
        ((ObjectNode) ((ArrayNode) opportunity.at("/OpportunityLineItems/records")).get(1)).put("ProductCode", "XYZ");

        assertThatThrownBy(() -> registry.apply("opportunity-to-ordway-subscription", opportunity))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.recordId()).isEqualTo("006Rv00000AbCdEIAV");
                    assertThat(e.field()).isEqualTo("plans[2].product_id");
                    assertThat(e.getMessage()).startsWith("Opportunity 006Rv00000AbCdEIAV: plans[2] "
                            + "(OpportunityLineItem 00kRv0000002AAAQ, line 2) field product_id: ProductCode 'XYZ' has"
                            + " no entry in lookup 'products' (mappings/lookups/products.yaml)");
                });
    }

    @Test
    void unmappedBillingFrequencyIsAClearError() throws IOException {
        ObjectNode opportunity = opportunity();
        opportunity.put("Billing_Frequency__c", "Weekly");

        assertThatThrownBy(() -> registry.apply("opportunity-to-ordway-subscription", opportunity))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.field()).isEqualTo("billing_period");
                    assertThat(e.getMessage()).contains("value 'Weekly' is not in enum 'billingPeriod'");
                });
    }

    @Test
    void opportunityWithoutLineItemsIsRejected() throws IOException {
        ObjectNode opportunity = opportunity();
        ((ObjectNode) opportunity.get("OpportunityLineItems")).putArray("records");

        assertThatThrownBy(() -> registry.apply("opportunity-to-ordway-subscription", opportunity))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.field()).isEqualTo("plans"));
    }

    @Test
    void accountBecomesACustomerAndOrdwayOwnedFieldsAreLeftOutOfUpdates() {
        Map<String, Object> account = Map.of("Id", "001Rv00000XyZaBIAV", "Name", "Acme GmbH",
                "Website", "https://acme.example", "CurrencyIsoCode", "EUR", "Ordway_Customer_Id__c", "C-00042");

        MappingResult result = registry.apply("account-to-ordway-customer", account);

        assertThat(result.document()).containsExactly(Map.entry("id", "C-00042"), Map.entry("name", "Acme GmbH"),
                Map.entry("website", "https://acme.example"), Map.entry("customer_type", "business"),
                Map.entry("currency", "EUR"), Map.entry("payment_terms", "Net 30"),
                Map.entry("billing_cycle_day", "1st Day Of The Month"), Map.entry("salesforce_id", "001Rv00000XyZaBIAV"),
                Map.entry("custom_fields", Map.of("salesforce_id", "001Rv00000XyZaBIAV")));
        assertThat(result.ownership()).containsEntry("name", "salesforce").containsEntry("payment_terms", "ordway");
        assertThat(result.documentOwnedBy("salesforce")).containsOnlyKeys("name", "website", "salesforce_id",
                "custom_fields");
    }

    @Test
    void contactBecomesAnOrdwayContactOfItsAccountsCustomer() {
        Map<String, Object> contact = Map.of("Id", "003Rv00000Bc2AAAQ", "FirstName", "Ada", "LastName", "Lovelace",
                "Email", "ada@acme.example", "MailingStreet", "Hauptstr. 1\nHinterhaus", "MailingCity", "Berlin",
                "Account", Map.of("Ordway_Customer_Id__c", "C-00042"));

        Map<String, Object> document = registry.map("contact-to-ordway-contact", contact);

        assertThat(document).containsEntry("customer_id", "C-00042").containsEntry("display_name", "Ada Lovelace")
                .containsEntry("address1", "Hauptstr. 1").containsEntry("address2", "Hinterhaus")
                .containsEntry("salesforce_id", "003Rv00000Bc2AAAQ").doesNotContainKey("id");
    }

    @Test
    void contactWithoutMailingStreetHasNoAddressLines() {
        Map<String, Object> contact = new java.util.HashMap<>(Map.of("Id", "003Rv00000Bc3AAAQ", "LastName", "Hopper",
                "Account", Map.of("Ordway_Customer_Id__c", "C-00042")));
        contact.put("MailingStreet", null);

        Map<String, Object> document = registry.map("contact-to-ordway-contact", contact);

        assertThat(document).containsEntry("last_name", "Hopper").doesNotContainKeys("address1", "address2");
    }

    @Test
    void contactWithoutCustomerIsRejected() {
        assertThatThrownBy(() -> registry.map("contact-to-ordway-contact", Map.of("Id", "003X", "LastName", "L")))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.recordId()).isEqualTo("003X");
                    assertThat(e.field()).isEqualTo("customer_id");
                });
    }

    @Test
    void jsonTextIsAcceptedAsWellAsMaps() {
        assertThat(registry.map("account-to-ordway-customer", "{\"Id\":\"001A\",\"Name\":\"A\"}"))
                .containsEntry("name", "A");
        assertThat(registry.all()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(List.of(registry.get("account-to-ordway-customer").target())).containsExactly("ordway customer");
    }
}
