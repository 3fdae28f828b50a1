package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Products, and plans with their catalog charges (embedded in the plan, numbered on their own). */
final class Catalog {

    static final String RECURRING = "Recurring";
    static final String ONE_TIME = "One time";
    static final String USAGE_BASED = "Usage based";
    // Ordway's built-in periods, plus the 24-month custom period revloop's mapping asks companies to define.
    static final Map<String, Integer> PERIOD_MONTHS = Map.of(
            "Monthly", 1, "Quarterly", 3, "Semi-annually", 6, "Annually", 12, "Every 2 Years", 24);

    private static final Set<String> PRODUCT_FIELDS = Set.of("name", "sku", "status", "taxable", "description",
            "price", "currency", "revenue_rule_id", "recognition_start_date", "recognition_end_date",
            "deferred_revenue_enabled", "income_account", "product_tax_group_name", "custom_fields");
    private static final Set<String> PLAN_FIELDS = Set.of("name", "description", "status", "plan_type",
            "show_ssp", "custom_fields");
    private static final Set<String> CHARGE_FIELDS = Set.of("product_id", "name", "description", "type", "timing",
            "charge_timing", "effective_date", "billing_date", "pricing_model", "list_price", "list_price_base",
            "billing_period", "billing_day", "billing_period_start_alignment", "prorate_partial_periods",
            "backcharge_current_period", "prepayment_periods", "unit_of_measure", "included_units", "tiers",
            "status", "revenue_rule_id", "custom_fields");

    final ResourceTable products = new ResourceTable("products", "Product", "P-", PRODUCT_FIELDS);
    final ResourceTable plans = new ResourceTable("plans", "Plan", "PLN-", PLAN_FIELDS);
    final ResourceTable charges = new ResourceTable("charges", "Charge", "CHG-", CHARGE_FIELDS);
    private final Company company;

    Catalog(Company company) {
        this.company = company;
    }

    JsonNode handleProducts(ApiRequest request) {
        List<String> s = request.segments();
        if (s.size() == 1 && request.method().equals("GET")) {
            return ListQuery.apply(products.all(), request.query(), ListQuery.MAX_SIZE, ObjectNode::deepCopy);
        }
        if (s.size() == 1 && request.method().equals("POST")) {
            return createProduct(request.body(), request.userEmail());
        }
        if (s.size() == 2 && request.method().equals("GET")) {
            return products.get(s.get(1)).deepCopy();
        }
        if (s.size() == 2 && request.method().equals("PUT")) {
            ObjectNode product = products.get(s.get(1));
            products.copyWritable(request.body(), product);
            normaliseMoney(product, "price");
            company.updated(product, request.userEmail());
            return product.deepCopy();
        }
        throw ApiException.noRoute(request.path());
    }

    JsonNode handlePlans(ApiRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 1 && method.equals("GET")) {
            return ListQuery.apply(plans.all(), request.query(), ListQuery.MAX_SIZE, this::planView);
        }
        if (s.size() == 1 && method.equals("POST")) {
            return createPlan(request.body(), request.userEmail());
        }
        ObjectNode plan = plans.get(s.get(1));
        if (s.size() == 2 && method.equals("GET")) {
            return planView(plan);
        }
        if (s.size() == 2 && method.equals("PUT")) {
            plans.copyWritable(request.body(), plan);
            JsonNode updates = request.body().get("charges");
            if (updates != null && updates.isArray()) {
                for (JsonNode update : updates) {
                    String chargeId = Json.text(update, "id", null);
                    if (chargeId != null && charges.contains(chargeId)) {
                        ObjectNode charge = chargeOf(plan.get("id").asText(), chargeId);
                        charges.copyWritable(update, charge);
                        validateCharge(charge);
                        company.updated(charge, request.userEmail());
                    } else {
                        addCharge(plan, update, request.userEmail());
                    }
                }
            }
            company.updated(plan, request.userEmail());
            return planView(plan);
        }
        if (s.size() >= 3 && s.get(2).equals("charges") && method.equals("GET")) {
            String planId = plan.get("id").asText();
            return s.size() == 3
                    ? ListQuery.apply(chargesOf(planId), request.query(), ListQuery.MAX_SIZE, ObjectNode::deepCopy)
                    : chargeOf(planId, s.get(3)).deepCopy();
        }
        throw ApiException.noRoute(request.path());
    }

    private ObjectNode createProduct(JsonNode body, String user) {
        if (Json.text(body, "name", null) == null) {
            throw ApiException.unprocessable("Name can't be blank");
        }
        String id = products.idFor(body);
        ObjectNode product = Json.object().put("id", id).put("name", "").put("sku", "").put("status", "Active")
                .put("taxable", false).put("description", "").put("price", "0.00").put("revenue_rule_id", "")
                .put("recognition_start_date", "Charge Start Date").put("deferred_revenue_enabled", true)
                .put("income_account", "");
        product.putArray("transaction_posting_entries");
        product.putObject("custom_fields");
        products.copyWritable(body, product);
        normaliseMoney(product, "price");
        company.created(product, user);
        products.put(product);
        return product.deepCopy();
    }

    private ObjectNode createPlan(JsonNode body, String user) {
        if (Json.text(body, "name", null) == null) {
            throw ApiException.unprocessable("Name can't be blank");
        }
        // Validate every charge before storing anything, so a bad charge leaves no half-made plan behind.
        JsonNode chargeBodies = body.path("charges");
        for (JsonNode charge : chargeBodies) {
            validateCharge(chargeDraft(charge));
        }
        String id = plans.idFor(body);
        ObjectNode plan = Json.object().put("id", id).put("name", "").put("description", "").put("status", "Active")
                .put("public_url", "").put("show_ssp", false);
        plan.putObject("custom_fields");
        plans.copyWritable(body, plan);
        company.created(plan, user);
        plans.put(plan);
        for (JsonNode charge : chargeBodies) {
            addCharge(plan, charge, user);
        }
        return planView(plan);
    }

    private void addCharge(ObjectNode plan, JsonNode body, String user) {
        ObjectNode charge = chargeDraft(body);
        validateCharge(charge);
        String planId = plan.get("id").asText();
        charge.put("id", charges.idFor(body)).put("plan_id", planId)
                .put("line_no", chargesOf(planId).size() + 1);
        company.created(charge, user);
        charges.put(charge);
    }

    private ObjectNode chargeDraft(JsonNode body) {
        ObjectNode charge = Json.object().put("product_id", "").put("name", "").put("description", "")
                .put("type", RECURRING).put("charge_timing", "In advance").put("pricing_model", Pricing.PER_UNIT)
                .put("list_price", "0.00").put("list_price_base", "Billing Period").put("billing_period", "Monthly")
                .put("billing_day", "Charge Start Date").put("billing_period_start_alignment", "Charge Start Date")
                .put("prorate_partial_periods", true).put("backcharge_current_period", false)
                .put("unit_of_measure", "").put("included_units", "0").put("status", "Active")
                .put("revenue_rule_id", "");
        charge.putArray("tiers");
        charge.putObject("custom_fields");
        charges.copyWritable(body, charge);
        normaliseMoney(charge, "list_price");
        if (charge.get("type").asText().equals(ONE_TIME)) {
            charge.put("billing_period", "");
        }
        return charge;
    }

    private void validateCharge(ObjectNode charge) {
        String productId = charge.path("product_id").asText();
        if (!products.contains(productId)) {
            throw ApiException.unprocessable("Product " + productId + " does not exist");
        }
        String model = charge.path("pricing_model").asText();
        if (!Pricing.MODELS.contains(model)) {
            throw ApiException.unprocessable("Pricing model '" + model + "' is not supported");
        }
        if ((model.equals(Pricing.VOLUME) || model.equals(Pricing.TIERED)) && charge.path("tiers").isEmpty()) {
            throw ApiException.unprocessable(model + " pricing needs tiers");
        }
        String type = charge.path("type").asText();
        if (!Set.of(RECURRING, ONE_TIME, USAGE_BASED).contains(type)) {
            throw ApiException.unprocessable("Charge type '" + type + "' is not valid");
        }
        if (type.equals(RECURRING) && !PERIOD_MONTHS.containsKey(charge.path("billing_period").asText())) {
            throw ApiException.unprocessable("Billing period '" + charge.path("billing_period").asText()
                    + "' is not valid");
        }
    }

    ObjectNode planView(ObjectNode plan) {
        ObjectNode view = plan.deepCopy();
        ArrayNode embedded = view.putArray("charges");
        chargesOf(plan.get("id").asText()).forEach(charge -> embedded.add(charge.deepCopy()));
        return view;
    }

    ObjectNode chargeOf(String planId, String chargeId) {
        return charges.find(chargeId)
                .filter(charge -> charge.get("plan_id").asText().equals(planId))
                .orElseThrow(() -> ApiException.unprocessable("Charge " + chargeId + " does not belong to plan " + planId));
    }

    private List<ObjectNode> chargesOf(String planId) {
        return charges.all().stream().filter(c -> c.get("plan_id").asText().equals(planId)).toList();
    }

    private static void normaliseMoney(ObjectNode row, String field) {
        row.put(field, Json.money(Json.decimal(row.get(field), BigDecimal.ZERO)));
    }
}
