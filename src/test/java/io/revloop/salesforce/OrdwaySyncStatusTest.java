package io.revloop.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OrdwaySyncStatusTest {

    private final OrdwaySyncStatus status = new OrdwaySyncStatus(
            Clock.fixed(Instant.parse("2026-03-01T10:15:30.123456Z"), ZoneOffset.UTC));

    @Test
    void syncedLinksTheRecordClearsTheErrorAndStampsTheTimeAsChangeEventsCarryIt() {
        assertThat(status.synced("Ordway_Customer_Id__c", "C-00042"))
                .containsExactly(java.util.Map.entry("Ordway_Customer_Id__c", "C-00042"),
                        java.util.Map.entry("Ordway_Sync_Status__c", "Synced"),
                        new java.util.AbstractMap.SimpleEntry<>("Ordway_Sync_Error__c", null),
                        java.util.Map.entry("Ordway_Last_Synced__c", "2026-03-01T10:15:30.123Z"));
    }

    @Test
    void failedKeepsTheMessageWithinTheFieldLength() {
        assertThat(status.failed("x".repeat(3000)).get("Ordway_Sync_Error__c").toString()).hasSize(2000);
        assertThat(status.failed(null)).containsEntry("Ordway_Sync_Status__c", "Error");
    }
}
