package io.revloop.sandbox.ordway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrdwaySubscriptionLifecycleTest {

    private OrdwaySandbox sandbox;
    private OrdwayTestClient client;
    private String customerId;
    private ObjectNode plan;

    @BeforeEach
    void start() {
        sandbox = new OrdwaySandbox(OrdwayCredentials.generate(), LocalDate.of(2026, 1, 1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant()).start(0);
        client = new OrdwayTestClient(sandbox);
        customerId = CatalogFixtures.customer(client, "Lifecycle Inc");
        plan = CatalogFixtures.perUnitPlan(client, CatalogFixtures.product(client, "Platform"), "100");
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    @Test
    void draftIsActivatedOnceAndSchedulesItsTerm() {
        JsonNode draft = client.post("/subscriptions", CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01")).json();
        String id = draft.get("id").asText();
        assertThat(id).matches("S-\\d{5}");
        assertThat(draft.get("status").asText()).isEqualTo("Draft");
        assertThat(draft.get("version").asInt()).isEqualTo(1);
        assertThat(draft.get("current_term_end_date").asText()).isEqualTo("2026-12-31");
        assertThat(client.put("/subscriptions/" + id + "/change", Json.object()).status()).isEqualTo(422);

        JsonNode active = client.put("/subscriptions/" + id + "/activate", Json.object()).json();

        assertThat(active.get("status").asText()).isEqualTo("Active");
        assertThat(client.put("/subscriptions/" + id + "/activate", Json.object()).status()).isEqualTo(422);
        String scheduleId = active.get("plans").get(0).get("billing_schedule_id").asText();
        JsonNode schedule = client.get("/billing_schedules/" + scheduleId).json();
        assertThat(schedule.get("schedule_lines")).hasSize(12);
        assertThat(schedule.at("/key_metrics/total_contract_revenue").asText()).isEqualTo("1200.00");
        assertThat(client.get("/customers/" + customerId).json().get("cmrr").asText()).isEqualTo("100.00");
        assertThat(client.get("/subscriptions?customer_id=" + customerId + "&status=Active").json()).hasSize(1);
    }

    @Test
    void changeMidPeriodCreatesAVersionAndProratesByDays() {
        String id = activeSubscription(1, "2026-01-01");
        sandbox.runBilling(LocalDate.of(2026, 1, 1));
        String lineId = client.get("/subscriptions/" + id).json().get("plans").get(0).get("subscription_line_id").asText();

        ObjectNode change = Json.object().put("change_effective_date", "2026-01-16");
        change.putArray("plans").addObject().put("subscription_line_id", lineId).put("quantity", 2);
        JsonNode changed = client.put("/subscriptions/" + id + "/change", change).json();

        assertThat(changed.get("version").asInt()).isEqualTo(2);
        assertThat(changed.get("version_type").asText()).isEqualTo("Change");
        assertThat(changed.get("plans").get(0).get("effective_price").asText()).isEqualTo("200.00");
        assertThat(sandbox.company().subscriptionVersions(id)).hasSize(2);

        // January has 31 days; 16 of them remain from the 16th: -100*16/31 and +200*16/31.
        JsonNode run = sandbox.runBilling(LocalDate.of(2026, 1, 16));
        JsonNode invoice = onlyInvoiceOf(run);
        assertThat(amounts(invoice)).containsExactly("-51.61", "103.23");
        assertThat(invoice.get("invoice_amount").asText()).isEqualTo("51.62");

        JsonNode february = onlyInvoiceOf(sandbox.runBilling(LocalDate.of(2026, 2, 1)));
        assertThat(amounts(february)).containsExactly("200.00");
    }

    @Test
    void changeCanAddAndRemoveCharges() {
        String id = activeSubscription(1, "2026-01-01");
        ObjectNode change = Json.object().put("effective_date", "2026-02-01");
        change.putArray("plans").addObject().put("plan_id", plan.get("id").asText())
                .put("charge_id", plan.get("charges").get(0).get("id").asText()).put("quantity", 3);

        JsonNode changed = client.put("/subscriptions/" + id + "/change", change).json();

        assertThat(changed.get("plans")).hasSize(1);
        assertThat(changed.get("plans").get(0).get("charge_start_date").asText()).isEqualTo("2026-02-01");
        JsonNode january = onlyInvoiceOf(sandbox.runBilling(LocalDate.of(2026, 2, 1)));
        assertThat(amounts(january)).containsExactlyInAnyOrder("100.00", "300.00");
    }

    @Test
    void cancellingMidPeriodCreditsTheUnusedDays() {
        sandbox.clock().set(LocalDate.of(2026, 4, 1));
        String id = activeSubscription(1, "2026-04-01");
        sandbox.runBilling(LocalDate.of(2026, 4, 1));

        JsonNode cancelled = client.put("/subscriptions/" + id + "/cancel",
                Json.object().put("cancellation_date", "2026-04-16")).json();

        assertThat(cancelled.get("status").asText()).isEqualTo("Cancelled");
        assertThat(cancelled.get("cancellation_date").asText()).isEqualTo("2026-04-16");
        // Ordway's own example: $100/month cancelled on the 16th of a 30-day month nets -$50.
        JsonNode credit = onlyInvoiceOf(sandbox.runBilling(LocalDate.of(2026, 4, 16)));
        assertThat(amounts(credit)).containsExactly("-50.00");
        assertThat(sandbox.runBilling(LocalDate.of(2026, 6, 1)).get("invoices_count").asInt()).isZero();
        assertThat(client.put("/subscriptions/" + id + "/cancel", Json.object()).status()).isEqualTo(422);
        assertThat(client.get("/customers/" + customerId).json().get("cmrr").asText()).isEqualTo("0.00");
    }

    @Test
    void renewExtendsTheTermAsANewVersion() {
        String id = activeSubscription(1, "2026-01-01");

        OrdwayTestClient.Response early = client.put("/subscriptions/" + id + "/renew",
                Json.object().put("renewal_effective_date", "2026-06-01"));
        assertThat(early.status()).isEqualTo(422);
        JsonNode renewed = client.put("/subscriptions/" + id + "/renew", Json.object().put("renewal_term", "24")).json();

        assertThat(renewed.get("version").asInt()).isEqualTo(2);
        assertThat(renewed.get("version_type").asText()).isEqualTo("Renewal");
        assertThat(renewed.get("current_term_start_date").asText()).isEqualTo("2027-01-01");
        assertThat(renewed.get("current_term_end_date").asText()).isEqualTo("2028-12-31");
        String scheduleId = renewed.get("plans").get(0).get("billing_schedule_id").asText();
        assertThat(client.get("/billing_schedules/" + scheduleId).json().get("schedule_lines")).hasSize(36);
    }

    @Test
    void termEndRenewsAutomaticallyOrExpires() {
        ObjectNode autoBody = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01")
                .put("contract_term", "1").put("renewal_term", "1").put("auto_renew", true).put("status", "Active");
        ObjectNode lapseBody = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01")
                .put("contract_term", "1").put("status", "Active");
        String renewing = client.post("/subscriptions", autoBody).json().get("id").asText();
        String lapsing = client.post("/subscriptions", lapseBody).json().get("id").asText();

        sandbox.clock().set(LocalDate.of(2026, 2, 1));

        JsonNode renewed = client.get("/subscriptions/" + renewing).json();
        assertThat(renewed.get("status").asText()).isEqualTo("Active");
        assertThat(renewed.get("version_type").asText()).isEqualTo("Renewal");
        assertThat(renewed.get("current_term_end_date").asText()).isEqualTo("2026-02-28");
        assertThat(client.get("/subscriptions/" + lapsing).json().get("status").asText()).isEqualTo("Expired");
    }

    @Test
    void subscriptionReferencesAreValidated() {
        ObjectNode unknownCustomer = CatalogFixtures.subscriptionBody("C-99999", plan, 1, "2026-01-01");
        OrdwayTestClient.Response response = client.post("/subscriptions", unknownCustomer);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/errors/details/message").asText()).isEqualTo("Customer C-99999 does not exist");

        ObjectNode unknownPlan = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01");
        ((ObjectNode) unknownPlan.get("plans").get(0)).put("plan_id", "PLN-99999");
        assertThat(client.post("/subscriptions", unknownPlan).status()).isEqualTo(422);

        ObjectNode unknownCharge = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01");
        ((ObjectNode) unknownCharge.get("plans").get(0)).put("charge_id", "CHG-99999");
        assertThat(client.post("/subscriptions", unknownCharge).status()).isEqualTo(422);

        ObjectNode yen = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01").put("currency", "JPY");
        assertThat(client.post("/subscriptions", yen).json().at("/errors/details/message").asText())
                .isEqualTo("Currency JPY is not enabled for this company");
    }

    @Test
    void draftsAreEditableButActiveChargesOnlyChangeThroughChange() {
        String id = client.post("/subscriptions", CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01"))
                .json().get("id").asText();
        ObjectNode edit = Json.object().put("notes", "Signed by Ada").put("contract_term", "24");
        edit.putArray("plans").addObject().put("plan_id", plan.get("id").asText())
                .put("charge_id", plan.get("charges").get(0).get("id").asText()).put("quantity", 4);

        JsonNode edited = client.put("/subscriptions/" + id, edit).json();

        assertThat(edited.get("notes").asText()).isEqualTo("Signed by Ada");
        assertThat(edited.get("current_term_end_date").asText()).isEqualTo("2027-12-31");
        assertThat(edited.get("plans").get(0).get("effective_price").asText()).isEqualTo("400.00");
        client.put("/subscriptions/" + id + "/activate", Json.object());
        assertThat(client.put("/subscriptions/" + id, edit).status()).isEqualTo(422);
        assertThat(client.put("/subscriptions/" + id, Json.object().put("notes", "Renegotiating")).json()
                .get("notes").asText()).isEqualTo("Renegotiating");
    }

    @Test
    void evergreenSubscriptionsKeepBilling() {
        ObjectNode body = CatalogFixtures.subscriptionBody(customerId, plan, 1, "2026-01-01")
                .put("contract_term", "Evergreen").put("status", "Active");
        JsonNode subscription = client.post("/subscriptions", body).json();
        assertThat(subscription.get("current_term_end_date").asText()).isEmpty();

        JsonNode run = sandbox.runBilling(LocalDate.of(2027, 3, 1));

        assertThat(run.get("invoices_total").asText()).isEqualTo("1500.00");
    }

    private String activeSubscription(double quantity, String start) {
        ObjectNode body = CatalogFixtures.subscriptionBody(customerId, plan, quantity, start);
        String id = client.post("/subscriptions", body).json().get("id").asText();
        client.put("/subscriptions/" + id + "/activate", Json.object());
        return id;
    }

    private JsonNode onlyInvoiceOf(JsonNode run) {
        JsonNode invoices = client.get("/invoices?billing_run_id=" + run.get("id").asText()).json();
        assertThat(invoices).hasSize(1);
        return invoices.get(0);
    }

    private static List<String> amounts(JsonNode invoice) {
        List<String> amounts = new ArrayList<>();
        invoice.get("line_items").forEach(item -> amounts.add(item.get("effective_price").asText()));
        return amounts;
    }
}
