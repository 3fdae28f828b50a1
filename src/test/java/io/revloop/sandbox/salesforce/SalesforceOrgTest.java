package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The org store: change events handed to the streaming seam, calculated fields, ids and the clock. */
class SalesforceOrgTest {

    /** Stands in for the streaming half: records what the seam hands it. */
    private static final class RecordingStreaming implements StreamingEndpoint {
        final List<ChangeEvent> events = new CopyOnWriteArrayList<>();
        AccessTokens tokens;
        boolean stopped;

        @Override
        public void install(ServletContextHandler context, AccessTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public void stop() {
            stopped = true;
        }

        @Override
        public void publish(ChangeEvent event) {
            events.add(event);
        }
    }

    private final RecordingStreaming streaming = new RecordingStreaming();
    private SalesforceSandbox sandbox;

    @BeforeEach
    void start() {
        sandbox = SalesforceSandbox.builder().streaming(streaming).build().start(0);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
        assertThat(streaming.stopped).isTrue();
    }

    @Test
    void streamingSeamGetsTokensAndEveryCommittedChange() {
        assertThat(streaming.tokens).isSameAs(sandbox.tokens());
        SalesforceOrg org = sandbox.org();
        String id = org.create("Account", Map.of("Name", "Events Co", "Phone", "1"));
        org.update("Account", id, Map.of("Phone", "", "Website", "https://example.com"));
        org.delete("Account", id);
        org.undelete("Account", id);

        List<ChangeEvent> events = streaming.events.stream().filter(e -> e.recordIds().contains(id)).toList();
        assertThat(events).extracting(ChangeEvent::changeType).containsExactly("CREATE", "UPDATE", "DELETE", "UNDELETE");
        assertThat(events).extracting(ChangeEvent::commitNumber).isSorted().doesNotHaveDuplicates();
        ChangeEvent create = events.get(0);
        assertThat(create.entityName()).isEqualTo("Account");
        assertThat(create.commitUser()).isEqualTo(org.integrationUser());
        assertThat(create.fields()).containsEntry("Name", "Events Co").containsKeys("CreatedDate", "OwnerId", "CurrencyIsoCode")
                .doesNotContainKeys("Id", "IsDeleted", "SystemModstamp", "Website");
        assertThat((String) create.fields().get("CreatedDate")).endsWith("Z");
        ChangeEvent update = events.get(1);
        assertThat(update.changedFields()).containsExactlyInAnyOrder("Phone", "Website", "LastModifiedDate");
        assertThat(update.nulledFields()).containsExactly("Phone");
        assertThat(update.fields()).containsEntry("Phone", null).containsEntry("Website", "https://example.com");
        assertThat(events.get(2).fields()).isEmpty();
        String contact = org.create("Contact", Map.of("FirstName", "Ada", "LastName", "Lee", "MailingCity", "Paris"));
        org.update("Contact", contact, Map.of("MailingCity", "Lyon", "LastName", "Lovelace"));
        List<ChangeEvent> contactEvents = streaming.events.stream().filter(e -> e.recordIds().contains(contact)).toList();
        assertThat(contactEvents.get(0).fields()).containsEntry("Name", Map.of("FirstName", "Ada", "LastName", "Lee"))
                .containsEntry("MailingAddress", Map.of("City", "Paris")).doesNotContainKeys("FirstName", "MailingCity");
        assertThat(contactEvents.get(1).changedFields()).containsExactlyInAnyOrder("Name.LastName", "MailingAddress.City", "LastModifiedDate");
        assertThat(contactEvents.get(1).fields()).containsEntry("Name", Map.of("LastName", "Lovelace"));
        assertThat(events.get(3).fields()).containsEntry("Name", "Events Co");

        // Objects without change events (User, Pricebook2, ...) never reach the seam.
        assertThat(streaming.events).noneMatch(e -> e.entityName().equals("User") || e.entityName().equals("Pricebook2"));
    }

    @Test
    void failedWritesPublishNothing() {
        int before = streaming.events.size();
        assertThatThrownBy(() -> sandbox.org().create("Opportunity", Map.of("Name", "No stage")))
                .isInstanceOf(ApiException.class).hasMessageStartingWith("REQUIRED_FIELD_MISSING");
        assertThat(streaming.events).hasSize(before);
    }

    @Test
    void calculatedFields() {
        SalesforceOrg org = sandbox.org();
        sandbox.clock().freeze(Instant.parse("2026-05-04T10:15:30.123Z"));
        String account = org.create("Account", Map.of("Name", "Calc Co"));
        assertThat(org.get(account).orElseThrow()).containsEntry("CreatedDate", "2026-05-04T10:15:30.123+0000");

        String contract = org.create("Contract", Map.of("AccountId", account, "StartDate", "2026-01-15", "ContractTerm", 12));
        assertThat(org.get(contract).orElseThrow()).containsEntry("EndDate", "2027-01-14").containsEntry("Status", "Draft")
                .hasEntrySatisfying("ContractNumber", n -> assertThat((String) n).matches("\\d{8}"));

        String task = org.create("Task", Map.of("Subject", "Call", "WhatId", account));
        assertThat(org.get(task).orElseThrow()).containsEntry("IsClosed", false).containsEntry("Priority", "Normal");
        org.update("Task", task, Map.of("Status", "Completed"));
        assertThat(org.get(task).orElseThrow()).containsEntry("IsClosed", true);

        assertThat(org.get(org.standardPricebookId()).orElseThrow()).containsEntry("IsStandard", true);
        String product = org.create("Product2", Map.of("Name", "Seats", "ProductCode", "SEAT"));
        String custom = org.create("Pricebook2", Map.of("Name", "Partners"));
        assertThat(org.get(custom).orElseThrow()).containsEntry("IsStandard", false);
        assertThatThrownBy(() -> org.create("PricebookEntry", Map.of("Pricebook2Id", custom, "Product2Id", product, "UnitPrice", 8)))
                .hasMessageStartingWith("STANDARD_PRICE_NOT_DEFINED");
        org.create("PricebookEntry", Map.of("Pricebook2Id", org.standardPricebookId(), "Product2Id", product, "UnitPrice", 10));
        String entry = org.create("PricebookEntry", Map.of("Pricebook2Id", custom, "Product2Id", product, "UnitPrice", 8));

        String opp = org.create("Opportunity", Map.of("Name", "Calc deal", "AccountId", account, "StageName", "Negotiation/Review",
                "CloseDate", "2026-06-30", "Amount", 5));
        String line = org.create("OpportunityLineItem", Map.of("OpportunityId", opp, "PricebookEntryId", entry, "Quantity", 10,
                "UnitPrice", 8, "Discount", 25));
        assertThat(org.get(line).orElseThrow()).containsEntry("TotalPrice", 60.0).containsEntry("ListPrice", 8.0)
                .containsEntry("Product2Id", product).containsEntry("ProductCode", "SEAT").containsEntry("Name", "Calc deal Seats")
                .containsEntry("CurrencyIsoCode", "USD");
        assertThat(org.get(opp).orElseThrow()).containsEntry("Amount", 60.0).containsEntry("HasOpportunityLineItem", true)
                .containsEntry("Pricebook2Id", custom).containsEntry("IsClosed", false);

        org.update("OpportunityLineItem", line, Map.of("Quantity", 20));
        assertThat(org.get(opp).orElseThrow()).containsEntry("Amount", 120.0);
        org.update("Opportunity", opp, Map.of("StageName", "Closed Won"));
        assertThat(org.get(opp).orElseThrow()).containsEntry("IsWon", true).containsEntry("IsClosed", true);

        String euro = org.create("Opportunity", Map.of("Name", "Euro deal", "StageName", "Prospecting",
                "CloseDate", "2026-06-30", "CurrencyIsoCode", "EUR", "Pricebook2Id", custom));
        assertThatThrownBy(() -> org.create("OpportunityLineItem", Map.of("OpportunityId", euro, "PricebookEntryId", entry,
                "Quantity", 1, "UnitPrice", 8))).hasMessageContaining("currency code does not match");

        org.delete("Opportunity", opp);
        assertThat(org.get(line).orElseThrow()).containsEntry("IsDeleted", true);
    }

    @Test
    void idsCarryKeyPrefixesAndTheCaseSafeSuffix() {
        List<String> ids = new ArrayList<>();
        ids.add(sandbox.org().integrationUser());
        ids.add(sandbox.org().create("Account", Map.of("Name", "Ids")));
        ids.add(sandbox.org().create("Contact", Map.of("LastName", "Ids")));
        assertThat(ids).extracting(id -> id.substring(0, 3)).containsExactly("005", "001", "003");
        for (String id : ids) {
            assertThat(id).hasSize(18).isEqualTo(SalesforceIds.withSuffix(id.substring(0, 15)));
        }
        // The published example: 001RM000004UF9s -> YAG.
        assertThat(SalesforceIds.withSuffix("001RM000004UF9s")).isEqualTo("001RM000004UF9sYAG");
        assertThat(SalesforceIds.wellFormed("001RM000004UF9sYAG")).isTrue();
        assertThat(SalesforceIds.wellFormed("001RM000004UF9sAAA")).isFalse();
    }
}
