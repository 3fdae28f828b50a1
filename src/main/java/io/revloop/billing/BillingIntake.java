package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.revloop.inbox.InboxStore;
import io.revloop.inbox.NewInboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Puts Ordway changes into the sync core's inbox. The key is the record id plus its {@code updated_date}, so the
 * pollers' overlap, a webhook and a poll of the same version all collapse into one event.
 */
@Component
public class BillingIntake {

    static final String SOURCE = "ordway";
    public static final String INVOICE_FLOW = "ordway-to-salesforce-invoices";
    public static final String PAYMENT_FLOW = "ordway-to-salesforce-payments";
    public static final String COLLECTIONS_FLOW = "ordway-to-salesforce-collections";
    /** Invoice, payment and collections events of one invoice share (entity, record id), so they run in order. */
    static final String INVOICE_ENTITY = "OrdwayInvoice";
    static final String PAYMENT_ENTITY = "OrdwayPayment";

    private final InboxStore inbox;
    private final Clock clock;

    BillingIntake(InboxStore inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    /** Stores one Ordway record version; true when it was new. {@code resource} is invoices or payments. */
    public boolean store(String resource, JsonNode record) {
        String id = record.path("id").asText();
        String updated = record.path("updated_date").asText();
        boolean invoice = resource.equals("invoices");
        // Payments are billing-critical (priority 0); invoices and collections follow.
        return put(new NewInboxEvent(SOURCE, (invoice ? "invoice:" : "payment:") + id + ":" + updated,
                invoice ? INVOICE_FLOW : PAYMENT_FLOW, invoice ? INVOICE_ENTITY : PAYMENT_ENTITY, id, "UPDATE",
                invoice ? 1 : 0, record.toString(), correlation(id + ":" + updated), Instant.parse(updated)));
    }

    /** Asks the collections flow to open a step for an invoice; one event per (invoice, step), ever. */
    boolean collections(String invoiceId, int rank, String stepName) {
        String payload = JsonNodeFactory.instance.objectNode().put("invoiceId", invoiceId).put("rank", rank).toString();
        return put(new NewInboxEvent(SOURCE, "collections:" + invoiceId + ":" + stepName, COLLECTIONS_FLOW,
                INVOICE_ENTITY, invoiceId, "COLLECTIONS", 1, payload, correlation("collections:" + invoiceId), null));
    }

    private boolean put(NewInboxEvent event) {
        return inbox.insertIfAbsent(event, clock.instant());
    }

    private static String correlation(String key) {
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
