package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.mapping.MappingRegistry;
import io.revloop.mapping.ObjectSchemas;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The billing mapping files in mappings/ against an Ordway invoice and payment as the API returns them. */
class BillingMappingsTest {

    static final String INVOICE = """
            {"id":"INV-00042","customer_id":"C-00007","customer_name":"Acme","invoice_date":"2026-03-01",
             "due_date":"2026-03-31","invoice_amount":"100.00","paid_amount":"40.00","balance":"60.00",
             "status":"Partially paid","currency":"EUR","invoice_pdf_url":"https://x/invoices/INV-00042.pdf",
             "line_items":[{"line_no":"1","subscription_id":"S-00003"}],"payments":[],
             "updated_date":"2026-03-02T10:00:00.000Z"}
            """;
    static final String PAYMENT = """
            {"id":"PMT-00009","customer_id":"C-00007","payment_date":"2026-03-02","payment_amount":"40.00",
             "applied_amount":"40.00","status":"Processed","currency":"EUR",
             "invoices":[{"id":"INV-00042","amount_applied":"40.00"},{"id":"INV-00043","amount_applied":"0.00"}]}
            """;

    final MappingRegistry registry = new MappingRegistry(ObjectSchemas.fromClasspath(), Path.of("mappings"));
    final ObjectMapper json = new ObjectMapper();

    Map<String, Object> map(String mapping, String source) throws Exception {
        return registry.map(mapping, json.readValue(source, Map.class));
    }

    @Test
    void invoiceFields() throws Exception {
        Map<String, Object> r = map("ordway-invoice-to-salesforce-invoice", INVOICE);
        assertThat(r).containsEntry("Name", "INV-00042").containsEntry("Ordway_Invoice_Id__c", "INV-00042")
                .containsEntry("Ordway_Customer_Id__c", "C-00007").containsEntry("Ordway_Subscription_Id__c", "S-00003")
                .containsEntry("Status__c", "Partially paid").containsEntry("CurrencyIsoCode", "EUR")
                .containsEntry("PDF_URL__c", "https://x/invoices/INV-00042.pdf");
        assertThat(r.get("Invoice_Date__c")).hasToString("2026-03-01");
        assertThat(r.get("Due_Date__c")).hasToString("2026-03-31");
        assertThat(new java.math.BigDecimal(r.get("Balance__c").toString())).isEqualByComparingTo("60");
        assertThat(new java.math.BigDecimal(r.get("Paid_Amount__c").toString())).isEqualByComparingTo("40");
    }

    @Test
    void activityAndCollectionsTaskText() throws Exception {
        Map<String, Object> activity = map("ordway-invoice-to-salesforce-activity", INVOICE);
        assertThat(activity).containsEntry("Revloop_Key__c", "invoice:INV-00042:Partially paid:40.00")
                .containsEntry("Status", "Completed").containsEntry("Type", "Billing");
        assertThat(activity.get("Subject")).isEqualTo("Invoice INV-00042 partially paid: EUR 100.00 (balance 60.00)");
        Map<String, Object> task = map("ordway-invoice-to-salesforce-collections-task", INVOICE);
        assertThat(task).containsEntry("Priority", "High").containsEntry("Type", "Collections")
                .containsEntry("Status", "Not Started");
        assertThat(task.get("Subject")).isEqualTo("Collect overdue invoice INV-00042: EUR 60.00 due 2026-03-31");
        assertThat(task.get("Description").toString()).contains("Acme (C-00007)", "INV-00042.pdf");
    }

    @Test
    void paymentFields() throws Exception {
        Map<String, Object> r = map("ordway-payment-to-salesforce-payment", PAYMENT);
        assertThat(r).containsEntry("Ordway_Payment_Id__c", "PMT-00009").containsEntry("Status__c", "Processed")
                .containsEntry("Invoice_Ids__c", "INV-00042,INV-00043");
        assertThat(r.get("Payment_Date__c")).hasToString("2026-03-02");
    }
}
