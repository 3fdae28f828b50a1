package io.revloop.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.SalesforceOrg;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The product catalogue both sandboxes share, read from {@code mappings/lookups/products.yaml}: every product code
 * there becomes a Salesforce Product2 with price-book entries in each currency, and the Ordway product, plan and
 * charge it points to. Seeding from the lookup keeps the demo, the tests and the mapping in agreement.
 */
public final class DemoCatalog {

    /** Monthly list prices in USD; other currencies are derived with {@link #RATES}. */
    private static final Map<String, BigDecimal> LIST_PRICES = Map.of(
            "PLAT-USER", new BigDecimal("50.00"),
            "API-CALLS", new BigDecimal("0.80"),
            "SEATS-VOL", new BigDecimal("40.00"),
            "ONBOARD", new BigDecimal("5000.00"),
            "SANDBOX", BigDecimal.ZERO);

    static final Map<String, BigDecimal> RATES = Map.of(
            "USD", BigDecimal.ONE,
            "EUR", new BigDecimal("0.92"),
            "GBP", new BigDecimal("0.79"),
            "CAD", new BigDecimal("1.36"),
            "AUD", new BigDecimal("1.52"));

    private final JsonNode entries;

    private DemoCatalog(JsonNode entries) {
        this.entries = entries;
    }

    public static DemoCatalog load(Path mappingsDir) {
        try (Reader in = Files.newBufferedReader(mappingsDir.resolve("lookups/products.yaml"))) {
            JsonNode root = new ObjectMapper().valueToTree(new Yaml().load(in));
            return new DemoCatalog(root.get("entries"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Product code to its PricebookEntry id, per currency. */
    public Map<String, Map<String, String>> seedSalesforce(SalesforceOrg org) {
        Map<String, Map<String, String>> entriesByCode = new LinkedHashMap<>();
        entries.fields().forEachRemaining(e -> {
            String code = e.getKey();
            JsonNode product = e.getValue();
            String productId = org.create("Product2", Map.of(
                    "Name", product.get("name").asText(), "ProductCode", code, "IsActive", true,
                    "Ordway_Plan_Id__c", product.get("plan_id").asText(),
                    "Ordway_Charge_Id__c", product.get("charge_id").asText()));
            Map<String, String> byCurrency = new LinkedHashMap<>();
            RATES.forEach((currency, rate) -> byCurrency.put(currency, org.create("PricebookEntry", Map.of(
                    "Pricebook2Id", org.standardPricebookId(), "Product2Id", productId,
                    "UnitPrice", listPrice(code).multiply(rate).setScale(2, java.math.RoundingMode.HALF_UP),
                    "CurrencyIsoCode", currency, "IsActive", true))));
            entriesByCode.put(code, byCurrency);
        });
        return entriesByCode;
    }

    public void seedOrdway(OrdwaySandbox ordway) {
        ObjectMapper json = new ObjectMapper();
        Map<String, ObjectNode> plans = new LinkedHashMap<>();
        entries.fields().forEachRemaining(e -> {
            JsonNode product = e.getValue();
            String productId = product.get("product_id").asText();
            ordway.company().post("/products", json.createObjectNode()
                    .put("id", productId).put("name", product.get("name").asText()).put("status", "Active"));
            ObjectNode plan = plans.computeIfAbsent(product.get("plan_id").asText(), id -> {
                ObjectNode p = json.createObjectNode().put("id", id).put("name", product.get("name").asText())
                        .put("status", "Active");
                p.putArray("charges");
                return p;
            });
            ObjectNode charge = ((ArrayNode) plan.get("charges")).addObject()
                    .put("id", product.get("charge_id").asText())
                    .put("product_id", productId)
                    .put("name", product.get("name").asText())
                    .put("type", product.get("charge_type").asText())
                    .put("pricing_model", product.get("pricing_model").asText())
                    .put("list_price", listPrice(e.getKey()).toPlainString())
                    .put("billing_period", "One time".equals(product.get("charge_type").asText()) ? "" : "Monthly");
            if (product.has("tiers")) {
                charge.set("tiers", product.get("tiers"));
            }
        });
        plans.values().forEach(plan -> ordway.company().post("/plans", plan));
    }

    public BigDecimal listPrice(String code) {
        return LIST_PRICES.getOrDefault(code, BigDecimal.TEN);
    }

    public Iterable<String> codes() {
        return entries::fieldNames;
    }
}
