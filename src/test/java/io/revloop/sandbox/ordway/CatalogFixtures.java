package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small catalog and customer seeds shared by the tests, created through the API as a client would. */
final class CatalogFixtures {

    private CatalogFixtures() {
    }

    static String product(OrdwayTestClient client, String name) {
        return client.post("/products", Json.object().put("name", name)).json().get("id").asText();
    }

    /** A plan with one monthly per-unit charge at {@code price}. */
    static ObjectNode perUnitPlan(OrdwayTestClient client, String productId, String price) {
        ObjectNode plan = Json.object().put("name", "Seats");
        plan.putArray("charges").addObject().put("product_id", productId).put("name", "Seat licence")
                .put("type", "Recurring").put("pricing_model", "Per unit").put("list_price", price)
                .put("billing_period", "Monthly").put("charge_timing", "In advance");
        return (ObjectNode) client.post("/plans", plan).json();
    }

    static ObjectNode tieredPlan(OrdwayTestClient client, String productId, String model) {
        ObjectNode plan = Json.object().put("name", model + " API calls");
        ObjectNode charge = plan.putArray("charges").addObject().put("product_id", productId)
                .put("name", model + " usage block").put("type", "Recurring").put("pricing_model", model)
                .put("billing_period", "Monthly");
        ArrayNode tiers = charge.putArray("tiers");
        tiers.addObject().put("tier", 1).put("starting_unit", "1").put("ending_unit", "10").put("price", "10.00").put("type", "Per unit");
        tiers.addObject().put("tier", 2).put("starting_unit", "11").put("ending_unit", "50").put("price", "8.00").put("type", "Per unit");
        tiers.addObject().put("tier", 3).put("starting_unit", "51").put("ending_unit", "").put("price", "5.00").put("type", "Per unit");
        return (ObjectNode) client.post("/plans", plan).json();
    }

    static String customer(OrdwayTestClient client, String name) {
        return client.post("/customers", Json.object().put("name", name)).json().get("id").asText();
    }

    static ObjectNode subscriptionBody(String customerId, ObjectNode plan, double quantity, String start) {
        ObjectNode body = Json.object().put("customer_id", customerId).put("contract_effective_date", start)
                .put("contract_term", "12").put("renewal_term", "12");
        body.putArray("plans").addObject().put("plan_id", plan.get("id").asText())
                .put("charge_id", plan.get("charges").get(0).get("id").asText()).put("quantity", quantity);
        return body;
    }
}
