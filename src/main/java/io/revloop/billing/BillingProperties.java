package io.revloop.billing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ordway to Salesforce billing sync settings.
 *
 * @param polling     how invoices and payments are read from Ordway
 * @param webhook     the optional Ordway webhook receiver
 * @param collections overdue detection and escalation
 * @param batchSize   records per sObject Collections call (Salesforce allows 200)
 */
@ConfigurationProperties(prefix = "revloop.billing")
public record BillingProperties(
        @DefaultValue Polling polling,
        @DefaultValue Webhook webhook,
        @DefaultValue Collections collections,
        @DefaultValue("200") int batchSize) {

    /**
     * @param overlap       each poll re-reads this much before the watermark (clock skew, equal timestamps)
     * @param pageSize      Ordway page size (50 is the safe maximum)
     * @param initialWatermark where a poller without a stored watermark starts
     */
    public record Polling(
            @DefaultValue("2m") Duration overlap,
            @DefaultValue("50") int pageSize,
            @DefaultValue("1970-01-01T00:00:00Z") String initialWatermark) {
    }

    /** @param secret shared secret Ordway sends in the {@code X-Revloop-Webhook-Secret} header; blank = receiver off */
    public record Webhook(@DefaultValue("") String secret) {
    }

    /**
     * @param steps                  escalation steps by days overdue, in increasing order; the first is "overdue"
     * @param failedPaymentThreshold failed payments on one invoice that escalate it to the second step (0 = off)
     * @param zone                   the time zone in which "today" is taken
     */
    public record Collections(
            @DefaultValue List<Step> steps,
            @DefaultValue("3") int failedPaymentThreshold,
            @DefaultValue("UTC") String zone) {
    }

    /**
     * @param name     part of the Task key ({@code collections:<invoice>:<name>})
     * @param days     days past the due date at which the step opens (1 = the day after the due date)
     * @param status   Account.Collections_Status__c while this is the invoice's current step
     * @param assignTo {@code owner} (Account owner) or {@code csm} (Customer_Success_Manager__c)
     */
    public record Step(String name, int days, String status, @DefaultValue("owner") String assignTo) {
    }
}
