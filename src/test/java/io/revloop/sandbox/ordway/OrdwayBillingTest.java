package io.revloop.sandbox.ordway;

import static io.revloop.sandbox.ordway.OrdwayTestClient.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A $50 x 2 seats monthly subscription from 1 March 2026 on Net 30 terms. */
class OrdwayBillingTest {

    private OrdwaySandbox sandbox;
    private OrdwayTestClient client;
    private String customerId;
    private String subscriptionId;

    @BeforeEach
    void start() {
        sandbox = new OrdwaySandbox(OrdwayCredentials.generate(),
                LocalDate.of(2026, 3, 1).atStartOfDay(ZoneOffset.UTC).toInstant()).start(0);
        client = new OrdwayTestClient(sandbox);
        customerId = CatalogFixtures.customer(client, "Billing Ltd");
        ObjectNode plan = CatalogFixtures.perUnitPlan(client, CatalogFixtures.product(client, "Platform"), "50");
        ObjectNode body = CatalogFixtures.subscriptionBody(customerId, plan, 2, "2026-03-01").put("status", "Active");
        subscriptionId = client.post("/subscriptions", body).json().get("id").asText();
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void billingRunPostsInvoicesThatFallDueAsTheClockMoves() {
        JsonNode run = sandbox.runBilling(sandbox.today());
        assertThat(run.get("id").asText()).matches("BR-\\d{5}");
        assertThat(run.get("invoices_count").asInt()).isEqualTo(1);
        assertThat(run.get("invoices_total").asText()).isEqualTo("100.00");

        JsonNode invoice = client.get("/invoices?customer_id=" + customerId).json().get(0);
        assertThat(invoice.get("id").asText()).matches("INV-\\d{5}");
        assertThat(invoice.get("status").asText()).isEqualTo("Posted");
        assertThat(invoice.get("invoice_date").asText()).isEqualTo("2026-03-01");
        assertThat(invoice.get("due_date").asText()).isEqualTo("2026-03-31");
        assertThat(invoice.get("balance").asText()).isEqualTo("100.00");
        assertThat(invoice.get("invoice_pdf_url").asText()).endsWith("/invoices/" + invoice.get("id").asText() + ".pdf");
        JsonNode item = invoice.get("line_items").get(0);
        assertThat(item.get("subscription_id").asText()).isEqualTo(subscriptionId);
        assertThat(item.get("charge_type").asText()).isEqualTo("recurring");
        assertThat(item.get("start_date").asText()).isEqualTo("2026-03-01");
        assertThat(item.get("end_date").asText()).isEqualTo("2026-03-31");
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("100.00");
        assertThat(sandbox.runBilling(sandbox.today()).get("invoices_count").asInt()).isZero();

        sandbox.clock().advance(Period.ofDays(35));

        String overdue = "/invoices?status=Posted&" + param("balance>", "0") + "&"
                + param("due_date<", sandbox.today().toString());
        assertThat(client.get(overdue).json()).hasSize(1);
        JsonNode april = client.post("/billing_runs", Json.object().put("target_date", sandbox.today().toString())).json();
        assertThat(april.get("invoices_count").asInt()).isEqualTo(1);
        // A run that found nothing to bill is still a run.
        assertThat(client.get("/billing_runs").json()).hasSize(3);
        assertThat(client.get("/invoices?customer_id=" + customerId).json()).hasSize(2);
    }

    @Test
    void paymentsMoveInvoicesToPartiallyPaidThenPaid() {
        sandbox.runBilling(sandbox.today());
        String invoiceId = client.get("/invoices").json().get(0).get("id").asText();

        ObjectNode partial = Json.object().put("customer_id", customerId).put("payment_amount", "40.00")
                .put("payment_date", "2026-03-10");
        partial.putArray("invoices").addObject().put("id", invoiceId).put("amount_applied", "40.00");
        JsonNode payment = client.post("/payments", partial).json();

        assertThat(payment.get("id").asText()).matches("PMT-\\d{5}");
        assertThat(payment.get("status").asText()).isEqualTo("Processed");
        assertThat(payment.get("applied_amount").asText()).isEqualTo("40.00");
        JsonNode invoice = client.get("/invoices/" + invoiceId).json();
        assertThat(invoice.get("status").asText()).isEqualTo("Partially paid");
        assertThat(invoice.get("paid_amount").asText()).isEqualTo("40.00");
        assertThat(invoice.get("balance").asText()).isEqualTo("60.00");
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("60.00");

        ObjectNode tooMuch = Json.object().put("customer_id", customerId).put("payment_amount", "100.00");
        tooMuch.putArray("invoices").addObject().put("id", invoiceId).put("amount_applied", "100.00");
        assertThat(client.post("/payments", tooMuch).status()).isEqualTo(422);

        JsonNode rest = sandbox.applyPayment(invoiceId, new BigDecimal("60"));
        assertThat(rest.get("invoices").get(0).get("amount_applied").asText()).isEqualTo("60.00");
        invoice = client.get("/invoices/" + invoiceId).json();
        assertThat(invoice.get("status").asText()).isEqualTo("Paid");
        assertThat(invoice.get("balance").asText()).isEqualTo("0.00");
        assertThat(invoice.get("payments")).hasSize(2);
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("0.00");
        assertThat(client.put("/invoices/" + invoiceId + "/reverse", Json.object()).status()).isEqualTo(422);
    }

    @Test
    void autoApplyPaysOldestOpenInvoicesFirst() {
        sandbox.runBilling(LocalDate.of(2026, 3, 1));
        sandbox.runBilling(LocalDate.of(2026, 4, 1));
        JsonNode payment = client.post("/payments", Json.object().put("customer_id", customerId)
                .put("payment_amount", "150.00").put("auto_apply", true)).json();

        assertThat(payment.get("applied_amount").asText()).isEqualTo("150.00");
        assertThat(payment.get("unapplied_amount").asText()).isEqualTo("0.00");
        JsonNode invoices = client.get("/invoices?sort=invoice_date,id").json();
        assertThat(invoices.get(0).get("status").asText()).isEqualTo("Paid");
        assertThat(invoices.get(1).get("status").asText()).isEqualTo("Partially paid");
    }

    @Test
    void failedPaymentIsRecordedAndLeavesTheInvoiceOpen() {
        sandbox.runBilling(sandbox.today());
        String invoiceId = client.get("/invoices").json().get(0).get("id").asText();

        JsonNode failed = sandbox.failPayment(invoiceId, new BigDecimal("100"), "Card declined");

        assertThat(failed.get("status").asText()).isEqualTo("Failed");
        assertThat(failed.get("failure_reason").asText()).isEqualTo("Card declined");
        assertThat(client.get("/payments?status=Failed").json()).hasSize(1);
        JsonNode invoice = client.get("/invoices/" + invoiceId).json();
        assertThat(invoice.get("status").asText()).isEqualTo("Posted");
        assertThat(invoice.get("balance").asText()).isEqualTo("100.00");
        assertThat(invoice.get("payments").get(0).get("status").asText()).isEqualTo("Failed");
    }

    @Test
    void reversedInvoiceStopsCountingAndItsChargesAreBilledAgain() {
        sandbox.runBilling(sandbox.today());
        String invoiceId = client.get("/invoices").json().get(0).get("id").asText();

        JsonNode reversed = client.put("/invoices/" + invoiceId + "/reverse",
                Json.object().put("reversed_on", "2026-03-02")).json();

        assertThat(reversed.get("status").asText()).isEqualTo("Reversed");
        assertThat(reversed.get("balance").asText()).isEqualTo("0.00");
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("0.00");
        assertThat(client.put("/invoices/" + invoiceId + "/reverse", Json.object()).status()).isEqualTo(422);
        JsonNode rebill = sandbox.runBilling(sandbox.today());
        assertThat(rebill.get("invoices_total").asText()).isEqualTo("100.00");
    }

    @Test
    void draftInvoicesWaitUntilPosted() {
        JsonNode run = client.post("/billing_runs", Json.object().put("target_date", "2026-03-01")
                .put("auto_post", false)).json();
        JsonNode invoice = client.get("/invoices?billing_run_id=" + run.get("id").asText()).json().get(0);
        assertThat(invoice.get("status").asText()).isEqualTo("Draft");
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("0.00");

        sandbox.postInvoice(invoice.get("id").asText());

        assertThat(client.get("/invoices/" + invoice.get("id").asText()).json().get("status").asText()).isEqualTo("Posted");
        assertThat(client.get("/customers/" + customerId).json().get("balance").asText()).isEqualTo("100.00");
    }

    @Test
    void revenueIsRecognizedAsMonthsClose() {
        String scheduleId = client.get("/subscriptions/" + subscriptionId).json().get("plans").get(0)
                .get("revenue_schedule_id").asText();
        JsonNode before = client.get("/revenue_schedules/" + scheduleId).json();
        assertThat(before.get("total_revenue").asText()).isEqualTo("1200.00");
        assertThat(before.get("recognized_revenue").asText()).isEqualTo("0.00");
        assertThat(before.get("schedule_lines")).hasSize(12);
        String updatedBefore = before.get("updated_date").asText();

        sandbox.clock().set(LocalDate.of(2026, 5, 15));

        JsonNode after = client.get("/revenue_schedules?" + param("updated_date>", updatedBefore)).json();
        assertThat(after).hasSize(1);
        assertThat(after.get(0).get("recognized_revenue").asText()).isEqualTo("200.00");
        assertThat(after.get(0).get("unrecognized_revenue").asText()).isEqualTo("1000.00");
        assertThat(after.get(0).get("schedule_lines").get(0).get("financial_period").asText()).isEqualTo("Mar 2026");
        assertThat(client.get("/billing_schedules?subscription_id=" + subscriptionId).json()).hasSize(1);
    }

    @Test
    void controlSurfaceDrivesTheClockAndBillingOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(sandbox.rootUrl() + "/__sandbox/clock"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"advance\":\"P1M\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(moved.body()).get("today").asText()).isEqualTo("2026-04-01");
        assertThat(sandbox.today()).isEqualTo(LocalDate.of(2026, 4, 1));

        HttpResponse<String> run = http.send(HttpRequest.newBuilder(URI.create(sandbox.rootUrl() + "/__sandbox/billing-run"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.parse(run.body()).get("invoices_total").asText()).isEqualTo("200.00");

        HttpResponse<String> unauthenticatedApi = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/invoices"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticatedApi.statusCode()).isEqualTo(403);
    }
}
