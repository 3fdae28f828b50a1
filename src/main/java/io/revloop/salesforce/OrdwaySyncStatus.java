package io.revloop.salesforce;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The sync-status fields a flow writes back to a Salesforce record ({@code Ordway_*__c} on Account and Opportunity).
 * Values are built here rather than in YAML so that the echo guard records exactly what is sent.
 */
@Component("ordwaySyncStatus")
public class OrdwaySyncStatus {

    /** Salesforce's textarea limit for {@code Ordway_Sync_Error__c}. */
    static final int MAX_ERROR = 2000;
    // Change events carry datetimes in this form; writing it verbatim lets the echo guard compare the values.
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public OrdwaySyncStatus(Clock clock) {
        this.clock = clock;
    }

    /** Linked to the Ordway record and in sync now; clears an earlier error. */
    public Map<String, Object> synced(String idField, String ordwayId) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(idField, ordwayId);
        fields.put("Ordway_Sync_Status__c", "Synced");
        fields.put("Ordway_Sync_Error__c", null);
        fields.put("Ordway_Last_Synced__c", DATETIME.format(clock.instant()));
        return fields;
    }

    /** The last sync failed permanently; the message names the field (it never carries secrets). */
    public Map<String, Object> failed(String message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Ordway_Sync_Status__c", "Error");
        String m = message == null ? "unknown error" : message;
        fields.put("Ordway_Sync_Error__c", m.length() > MAX_ERROR ? m.substring(0, MAX_ERROR) : m);
        return fields;
    }
}
