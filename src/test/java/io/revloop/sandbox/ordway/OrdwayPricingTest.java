package io.revloop.sandbox.ordway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tiers: 1-10 at 10.00, 11-50 at 8.00, 51 and up at 5.00 per unit. */
class OrdwayPricingTest {

    private static OrdwaySandbox sandbox;
    private static OrdwayTestClient client;
    private static String productId;
    private static String customerId;

    @BeforeAll
    static void start() {
        sandbox = new OrdwaySandbox(OrdwayCredentials.generate(), Instant.parse("2026-02-01T00:00:00Z")).start(0);
        client = new OrdwayTestClient(sandbox);
        productId = CatalogFixtures.product(client, "Platform");
        customerId = CatalogFixtures.customer(client, "Pricing Co");
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    @Test
    void planEmbedsChargesWithCatalogIds() {
        JsonNode plan = CatalogFixtures.tieredPlan(client, productId, "Tiered");
        assertThat(plan.get("id").asText()).matches("PLN-\\d{5}");
        JsonNode charge = plan.get("charges").get(0);
        assertThat(charge.get("id").asText()).matches("CHG-\\d{5}");
        assertThat(charge.get("pricing_model").asText()).isEqualTo("Tiered");
        assertThat(charge.get("tiers")).hasSize(3);
        assertThat(client.get("/plans/" + plan.get("id").asText() + "/charges/" + charge.get("id").asText()).json()
                .get("plan_id").asText()).isEqualTo(plan.get("id").asText());
    }

    @Test
    void perUnitLineIsQuantityTimesPriceLessDiscount() {
        ObjectNode plan = CatalogFixtures.perUnitPlan(client, productId, "25");
        ObjectNode body = CatalogFixtures.subscriptionBody(customerId, plan, 12, "2026-02-01");
        ((ObjectNode) body.get("plans").get(0)).put("discount", 10);

        JsonNode line = client.post("/subscriptions", body).json().get("plans").get(0);

        assertThat(line.get("subscription_line_id").asText()).matches("SCHG-\\d{5}");
        assertThat(line.get("list_price").asText()).isEqualTo("25.00");
        assertThat(line.get("quantity").asDouble()).isEqualTo(12.0);
        assertThat(line.get("discount").asText()).isEqualTo("10.00");
        assertThat(line.get("effective_price").asText()).isEqualTo("270.00");
    }

    @ParameterizedTest(name = "{0} pricing of {1} units = {2}")
    @CsvSource({
        "Volume, 8, 80.00",
        "Volume, 30, 240.00",
        "Volume, 60, 300.00",
        "Tiered, 8, 80.00",
        "Tiered, 30, 260.00",
        "Tiered, 60, 470.00"})
    void tieredAndVolumeLinesFollowTheirTiers(String model, double quantity, String expected) {
        ObjectNode plan = CatalogFixtures.tieredPlan(client, productId, model);

        JsonNode subscription = client.post("/subscriptions",
                CatalogFixtures.subscriptionBody(customerId, plan, quantity, "2026-02-01")).json();

        assertThat(subscription.get("plans").get(0).get("effective_price").asText()).isEqualTo(expected);
        assertThat(subscription.get("cmrr").asText()).isEqualTo(expected);
    }

    @Test
    void flatFeeIgnoresQuantityAndAnnualChargesSpreadIntoCmrr() {
        ObjectNode planBody = Json.object().put("name", "Support");
        planBody.putArray("charges").addObject().put("product_id", productId).put("name", "Premium support")
                .put("pricing_model", "Flat fee").put("list_price", "1200").put("billing_period", "Annually");
        ObjectNode plan = (ObjectNode) client.post("/plans", planBody).json();

        JsonNode subscription = client.post("/subscriptions",
                CatalogFixtures.subscriptionBody(customerId, plan, 5, "2026-02-01")).json();

        assertThat(subscription.get("plans").get(0).get("effective_price").asText()).isEqualTo("1200.00");
        assertThat(subscription.get("cmrr").asText()).isEqualTo("100.00");
        assertThat(subscription.get("tcv").asText()).isEqualTo("1200.00");
    }

    @Test
    void catalogValidationUsesOrdwaysErrorShape() {
        ObjectNode noTiers = Json.object().put("name", "Broken");
        noTiers.putArray("charges").addObject().put("product_id", productId).put("name", "x").put("pricing_model", "Volume");
        assertThat(client.post("/plans", noTiers).status()).isEqualTo(422);

        ObjectNode unknownProduct = Json.object().put("name", "Broken");
        unknownProduct.putArray("charges").addObject().put("product_id", "P-99999").put("name", "x");
        OrdwayTestClient.Response response = client.post("/plans", unknownProduct);
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().at("/errors/details/message").asText()).isEqualTo("Product P-99999 does not exist");
    }

    @Test
    void pricingCalculatorHandlesTierBoundaries() {
        var tiers = Pricing.tiers(CatalogFixtures.tieredPlan(client, productId, "Tiered").get("charges").get(0).get("tiers"));
        assertThat(Pricing.listAmount("Tiered", java.math.BigDecimal.valueOf(10), java.math.BigDecimal.ZERO, tiers))
                .isEqualByComparingTo("100");
        assertThat(Pricing.listAmount("Tiered", java.math.BigDecimal.valueOf(11), java.math.BigDecimal.ZERO, tiers))
                .isEqualByComparingTo("108");
        assertThat(Pricing.listAmount("Volume", java.math.BigDecimal.valueOf(50), java.math.BigDecimal.ZERO, tiers))
                .isEqualByComparingTo("400");
        assertThat(Pricing.listAmount("Volume", java.math.BigDecimal.ZERO, java.math.BigDecimal.ZERO, tiers))
                .isEqualByComparingTo("0");
    }
}
