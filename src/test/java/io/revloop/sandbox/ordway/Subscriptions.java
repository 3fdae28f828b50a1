package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Subscriptions and their lifecycle: Draft, activate, change (a new version, prorated by days from the change
 * effective date), renew (a new version and term), cancel, and expiry or auto-renewal when a term ends.
 */
final class Subscriptions {

    static final String DRAFT = "Draft";
    static final String ACTIVE = "Active";
    static final String CANCELLED = "Cancelled";
    static final String EXPIRED = "Expired";

    private static final Set<String> ALWAYS_WRITABLE = Set.of("notes", "custom_fields", "salesforce_id",
            "auto_renew", "renewal_term", "payment_terms", "bill_contact_id", "shipping_contact_id",
            "separate_invoice", "renewal_increment_percent", "bill_contact_sf_id", "shipping_contact_sf_id");
    private static final Set<String> DRAFT_WRITABLE = Set.of("contract_effective_date", "service_start_date",
            "billing_start_date", "order_placed_at", "contract_term", "currency");
    private static final Set<String> EVERGREEN = Set.of("", "0", "-", "evergreen");

    final ResourceTable table = new ResourceTable("subscriptions", "Subscription", "S-", ALWAYS_WRITABLE);
    private final ResourceTable lineIds = new ResourceTable("subscriptions", "Subscription charge", "SCHG-", Set.of());
    private final Map<String, List<ObjectNode>> history = new HashMap<>();
    private final Company company;

    Subscriptions(Company company) {
        this.company = company;
    }

    JsonNode handle(ApiRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        String user = request.userEmail();
        JsonNode body = request.body();
        if (s.size() == 1) {
            return switch (method) {
                case "GET" -> ListQuery.apply(table.all(), request.query(), ListQuery.MAX_SIZE, this::view);
                case "POST" -> create(body, user);
                default -> throw ApiException.noRoute(request.path());
            };
        }
        ObjectNode subscription = table.get(s.get(1));
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> view(subscription);
                case "PUT" -> update(subscription, body, user);
                default -> throw ApiException.noRoute(request.path());
            };
        }
        if (s.size() == 3 && method.equals("PUT")) {
            return switch (s.get(2)) {
                case "activate" -> activate(subscription, body, user);
                case "change" -> change(subscription, body, user);
                case "renew" -> renew(subscription, body, user);
                case "cancel" -> cancel(subscription, body, user);
                default -> throw ApiException.noRoute(request.path());
            };
        }
        throw ApiException.noRoute(request.path());
    }

    ObjectNode view(ObjectNode subscription) {
        ObjectNode view = subscription.deepCopy();
        LocalDate today = company.today();
        for (JsonNode line : view.path("plans")) {
            ChargeSchedule schedule = company.schedules.of(line.get("subscription_line_id").asText());
            if (schedule != null && schedule.recurring() && !today.isBefore(schedule.anchor)) {
                LocalDate[] period = schedule.periodOf(today);
                ((ObjectNode) line).put("current_period_start_date", period[0].toString())
                        .put("current_period_end_date", period[1].toString());
            }
        }
        return view;
    }

    ArrayNode versions(String id) {
        ArrayNode result = Json.array();
        history.getOrDefault(id, List.of()).forEach(version -> result.add(version.deepCopy()));
        result.add(view(table.get(id)));
        return result;
    }

    private ObjectNode create(JsonNode body, String user) {
        String customerId = Json.text(body, "customer_id", null);
        if (customerId == null) {
            throw ApiException.unprocessable("Customer can't be blank");
        }
        ObjectNode customer = company.customers.customers.find(customerId)
                .orElseThrow(() -> ApiException.unprocessable("Customer " + customerId + " does not exist"));
        String id = table.idFor(body);
        LocalDate today = company.today();
        ObjectNode subscription = Json.object().put("id", id).put("customer_id", customerId)
                .put("bill_contact_id", customer.path("billing_contact_id").asText())
                .put("shipping_contact_id", customer.path("shipping_contact_id").asText())
                .put("status", DRAFT)
                .put("contract_effective_date", today.toString())
                .put("service_start_date", "").put("billing_start_date", "")
                .put("order_placed_at", today.toString()).put("cancellation_date", "")
                .put("auto_renew", false)
                .put("currency", company.currency(body, customer.path("currency").asText()))
                .put("payment_terms", customer.path("payment_terms").asText("Net 30"))
                .put("separate_invoice", false).put("notes", "").put("version", 1).put("version_type", "New")
                .put("contract_term", "12").put("renewal_term", "12").put("renewal_increment_percent", "0.00")
                .put("salesforce_id", "");
        subscription.putObject("custom_fields");
        copyFields(body, subscription, DRAFT_WRITABLE);
        table.copyWritable(body, subscription);
        subscription.put("currency", company.currency(subscription, null));
        alignDates(subscription);
        subscription.set("plans", buildLines(body.path("plans"), Map.of(), subscription));
        if (subscription.get("plans").isEmpty()) {
            throw ApiException.unprocessable("Subscription needs at least one plan charge");
        }
        totals(subscription);
        company.created(subscription, user);
        table.put(subscription);
        if (ACTIVE.equals(Json.text(body, "status", DRAFT))) {
            return activate(subscription, Json.object(), user);
        }
        return view(subscription);
    }

    private ObjectNode update(ObjectNode subscription, JsonNode body, String user) {
        boolean draft = subscription.get("status").asText().equals(DRAFT);
        if (!draft && (body.has("plans") || DRAFT_WRITABLE.stream().anyMatch(body::has))) {
            throw ApiException.unprocessable("Charges, dates and term of a " + subscription.get("status").asText()
                    + " subscription can only be changed with a subscription change or renewal");
        }
        table.copyWritable(body, subscription);
        if (draft) {
            copyFields(body, subscription, DRAFT_WRITABLE);
            subscription.put("currency", company.currency(subscription, null));
            alignDates(subscription);
            if (body.has("plans")) {
                subscription.set("plans", buildLines(body.get("plans"), linesById(subscription), subscription));
            }
            totals(subscription);
        }
        company.updated(subscription, user);
        return view(subscription);
    }

    private ObjectNode activate(ObjectNode subscription, JsonNode body, String user) {
        requireStatus(subscription, DRAFT, "activated");
        copyFields(body, subscription, DRAFT_WRITABLE);
        alignDates(subscription);
        subscription.put("status", ACTIVE);
        LocalDate termEnd = termEnd(subscription);
        for (ObjectNode line : lines(subscription)) {
            LocalDate anchor = LocalDate.parse(subscription.get("billing_start_date").asText());
            ChargeSchedule schedule = company.schedules.open(subscription.get("id").asText(), line, anchor);
            schedule.generate(anchor, termEnd != null ? termEnd : horizon(anchor));
            link(line, schedule);
        }
        finish(subscription, user);
        return view(subscription);
    }

    /** The body carries the full new set of charge lines; lines keep their ids by {@code subscription_line_id}. */
    private ObjectNode change(ObjectNode subscription, JsonNode body, String user) {
        requireStatus(subscription, ACTIVE, "changed");
        LocalDate effective = effectiveDate(body, "change_effective_date", "effective_date");
        LocalDate termStart = LocalDate.parse(subscription.get("current_term_start_date").asText());
        LocalDate termEnd = termEnd(subscription);
        if (effective.isBefore(termStart) || (termEnd != null && effective.isAfter(termEnd))) {
            throw ApiException.unprocessable("Change effective date must fall within the current term");
        }
        if (!body.has("plans")) {
            throw ApiException.unprocessable("plans param is required");
        }
        Map<String, ObjectNode> before = linesById(subscription);
        ArrayNode after = buildLines(body.get("plans"), before, subscription);
        archive(subscription);
        String subscriptionId = subscription.get("id").asText();
        LocalDate through = termEnd != null ? termEnd : horizon(effective);
        for (ObjectNode old : before.values()) {
            String lineId = old.get("subscription_line_id").asText();
            ObjectNode replacement = find(after, lineId);
            if (replacement == null || !samePricing(old, replacement)) {
                company.schedules.of(lineId).closeFrom(effective);
            }
        }
        for (JsonNode node : after) {
            ObjectNode line = (ObjectNode) node;
            ObjectNode old = before.get(line.get("subscription_line_id").asText());
            if (old == null) {
                line.put("charge_start_date", effective.toString());
                ChargeSchedule schedule = company.schedules.open(subscriptionId, line, effective);
                schedule.generate(effective, through);
                link(line, schedule);
            } else {
                ChargeSchedule schedule = company.schedules.open(subscriptionId, line, null);
                if (!samePricing(old, line) && schedule.recurring()) {
                    schedule.generate(effective, through);
                }
                link(line, schedule);
            }
        }
        subscription.set("plans", after);
        bumpVersion(subscription, "Change");
        if (body.has("notes")) {
            subscription.put("notes", body.get("notes").asText());
        }
        finish(subscription, user);
        return view(subscription);
    }

    private ObjectNode renew(ObjectNode subscription, JsonNode body, String user) {
        requireStatus(subscription, ACTIVE, "renewed");
        LocalDate termEnd = termEnd(subscription);
        if (termEnd == null) {
            throw ApiException.unprocessable("Evergreen subscriptions cannot be renewed");
        }
        LocalDate start = termEnd.plusDays(1);
        LocalDate requested = effectiveDate(body, "renewal_effective_date", "effective_date", start);
        if (!requested.equals(start)) {
            throw ApiException.unprocessable("Renewal effective date must be " + start
                    + ", the day after the current term ends");
        }
        if (body.has("renewal_term")) {
            subscription.put("renewal_term", body.get("renewal_term").asText());
        }
        renewFrom(subscription, start, user);
        return view(subscription);
    }

    private void renewFrom(ObjectNode subscription, LocalDate start, String user) {
        int months = months(subscription.get("renewal_term").asText(), 12);
        LocalDate end = start.plusMonths(months).minusDays(1);
        archive(subscription);
        BigDecimal increment = Json.decimal(subscription.get("renewal_increment_percent"), BigDecimal.ZERO);
        for (ObjectNode line : lines(subscription)) {
            if (increment.signum() != 0) {
                BigDecimal factor = BigDecimal.ONE.add(increment.movePointLeft(2));
                line.put("list_price", Json.money(Json.decimal(line.get("list_price"), BigDecimal.ZERO).multiply(factor)));
                price(line);
            }
            ChargeSchedule schedule = company.schedules.open(subscription.get("id").asText(), line, null);
            if (schedule.recurring()) {
                schedule.generate(start, end);
            }
        }
        subscription.put("current_term_start_date", start.toString()).put("current_term_end_date", end.toString());
        bumpVersion(subscription, "Renewal");
        finish(subscription, user);
    }

    /** Cancelling as of a date takes back every day of service from that date on. */
    private ObjectNode cancel(ObjectNode subscription, JsonNode body, String user) {
        requireStatus(subscription, ACTIVE, "cancelled");
        LocalDate date = effectiveDate(body, "cancellation_date", "effective_date");
        LocalDate start = LocalDate.parse(subscription.get("service_start_date").asText());
        if (date.isBefore(start)) {
            throw ApiException.unprocessable("Cancellation date cannot be before the service start date");
        }
        archive(subscription);
        for (ObjectNode line : lines(subscription)) {
            company.schedules.of(line.get("subscription_line_id").asText()).closeFrom(date);
        }
        subscription.put("status", CANCELLED).put("cancellation_date", date.toString());
        if (body.has("cancellation_type")) {
            subscription.put("cancellation_type", body.get("cancellation_type").asText());
        }
        bumpVersion(subscription, "Cancellation");
        finish(subscription, user);
        return view(subscription);
    }

    /** What Ordway's nightly job does when a term ends: auto-renew, or let the subscription expire. */
    void endTerms(LocalDate today) {
        for (ObjectNode subscription : List.copyOf(table.all())) {
            LocalDate termEnd;
            while (subscription.get("status").asText().equals(ACTIVE)
                    && (termEnd = termEnd(subscription)) != null && termEnd.isBefore(today)) {
                if (subscription.get("auto_renew").asBoolean()) {
                    renewFrom(subscription, termEnd.plusDays(1), company.apiUser());
                } else {
                    subscription.put("status", EXPIRED);
                    finish(subscription, company.apiUser());
                }
            }
        }
    }

    /** Evergreen subscriptions are scheduled a year ahead and extended as billing reaches further. */
    void extendEvergreen(LocalDate through) {
        for (ObjectNode subscription : table.all()) {
            if (subscription.get("status").asText().equals(ACTIVE) && termEnd(subscription) == null) {
                for (ObjectNode line : lines(subscription)) {
                    ChargeSchedule schedule = company.schedules.of(line.get("subscription_line_id").asText());
                    if (schedule.recurring() && schedule.generatedThrough.isBefore(through)) {
                        schedule.generate(schedule.generatedThrough.plusDays(1), horizon(through));
                    }
                }
                company.schedules.refresh(subscription.get("id").asText());
            }
        }
    }

    // ---- charge lines -----------------------------------------------------------------------------------

    private ArrayNode buildLines(JsonNode bodies, Map<String, ObjectNode> existing, ObjectNode subscription) {
        ArrayNode lines = Json.array();
        for (JsonNode body : bodies) {
            String lineId = Json.text(body, "subscription_line_id", null);
            ObjectNode line;
            if (lineId != null && existing.containsKey(lineId)) {
                line = existing.get(lineId).deepCopy();
            } else if (lineId != null) {
                throw ApiException.unprocessable("Subscription line " + lineId + " does not exist");
            } else {
                line = newLine(body, subscription);
            }
            for (String field : List.of("quantity", "list_price", "discount", "tiers", "custom_fields",
                    "renewal_increment_percent", "billing_period", "charge_timing")) {
                if (body.has(field) && !body.get(field).isNull()) {
                    line.set(field, body.get(field).deepCopy());
                }
            }
            price(line);
            lines.add(line);
        }
        return lines;
    }

    private ObjectNode newLine(JsonNode body, ObjectNode subscription) {
        String planId = Json.text(body, "plan_id", null);
        String chargeId = Json.text(body, "charge_id", null);
        ObjectNode plan = company.catalog.plans.find(planId == null ? "" : planId)
                .orElseThrow(() -> ApiException.unprocessable("Plan " + planId + " does not exist"));
        ObjectNode charge = company.catalog.charges.find(chargeId == null ? "" : chargeId)
                .filter(c -> c.get("plan_id").asText().equals(planId))
                .orElseThrow(() -> ApiException.unprocessable("Charge " + chargeId + " does not exist on plan " + planId));
        ObjectNode product = company.catalog.products.get(charge.get("product_id").asText());
        ObjectNode line = Json.object().put("subscription_line_id", lineIds.nextId())
                .put("product_id", product.get("id").asText()).put("product_name", product.get("name").asText())
                .put("plan_id", planId).put("plan_name", plan.get("name").asText())
                .put("charge_id", chargeId).put("charge_name", charge.get("name").asText())
                .put("charge_type", charge.get("type").asText()).put("type", charge.get("type").asText())
                .put("pricing_model", charge.get("pricing_model").asText())
                .put("list_price", charge.get("list_price").asText())
                .put("list_price_base", charge.get("list_price_base").asText())
                .put("price_base", charge.get("list_price_base").asText())
                .put("quantity", 1.0).put("included_units", charge.path("included_units").asText("0"))
                .put("discount", "0.00")
                .put("billing_period", charge.get("billing_period").asText())
                .put("charge_timing", charge.get("charge_timing").asText())
                .put("billing_day", charge.path("billing_day").asText())
                .put("billing_period_start_alignment", charge.path("billing_period_start_alignment").asText())
                .put("prorate_partial_periods", charge.path("prorate_partial_periods").asBoolean(true))
                .put("backcharge_current_period", charge.path("backcharge_current_period").asBoolean(false))
                .put("unit_of_measure", charge.path("unit_of_measure").asText())
                .put("charge_start_date", "").put("charge_end_date", "")
                .put("current_period_start_date", "").put("current_period_end_date", "")
                .put("billing_schedule_id", "").put("revenue_schedule_id", "")
                .put("renewal_increment_percent", subscription.path("renewal_increment_percent").asText("0.00"));
        line.set("tiers", charge.path("tiers").deepCopy());
        line.putObject("custom_fields");
        return line;
    }

    /** Prices a line: {@code effective_price} is the line's amount per billing period after its discount. */
    private static void price(ObjectNode line) {
        BigDecimal quantity = Json.decimal(line.get("quantity"), BigDecimal.ONE);
        BigDecimal listPrice = Json.decimal(line.get("list_price"), BigDecimal.ZERO);
        BigDecimal discount = Json.decimal(line.get("discount"), BigDecimal.ZERO);
        if (discount.signum() < 0 || discount.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw ApiException.unprocessable("Discount must be a percentage between 0 and 100");
        }
        if (quantity.signum() < 0) {
            throw ApiException.unprocessable("Quantity cannot be negative");
        }
        String type = line.get("charge_type").asText();
        if (type.equals(Catalog.RECURRING) && !Catalog.PERIOD_MONTHS.containsKey(line.path("billing_period").asText())) {
            throw ApiException.unprocessable("Billing period '" + line.path("billing_period").asText() + "' is not valid");
        }
        BigDecimal listAmount = Pricing.listAmount(line.get("pricing_model").asText(), quantity, listPrice,
                Pricing.tiers(line.get("tiers")));
        BigDecimal effective = Pricing.effectiveAmount(listAmount, discount);
        line.put("quantity", quantity.doubleValue()).put("list_price", Json.money(listPrice))
                .put("discount", Json.money(discount)).put("effective_price", Json.money(effective));
        BigDecimal months = BigDecimal.valueOf(Catalog.PERIOD_MONTHS.getOrDefault(line.get("billing_period").asText(), 1));
        boolean recurring = type.equals(Catalog.RECURRING);
        line.put("cmrr", Json.money(recurring ? effective.divide(months, 2, RoundingMode.HALF_UP) : BigDecimal.ZERO));
    }

    /** Undiscounted monthly value of a recurring line. */
    private static BigDecimal listMonthly(ObjectNode line) {
        if (!line.get("charge_type").asText().equals(Catalog.RECURRING)) {
            return BigDecimal.ZERO;
        }
        BigDecimal listAmount = Pricing.listAmount(line.get("pricing_model").asText(),
                Json.decimal(line.get("quantity"), BigDecimal.ONE), Json.decimal(line.get("list_price"), BigDecimal.ZERO),
                Pricing.tiers(line.get("tiers")));
        BigDecimal months = BigDecimal.valueOf(Catalog.PERIOD_MONTHS.get(line.get("billing_period").asText()));
        return listAmount.divide(months, 2, RoundingMode.HALF_UP);
    }

    private static boolean samePricing(ObjectNode a, ObjectNode b) {
        return a.get("effective_price").equals(b.get("effective_price"))
                && a.get("billing_period").equals(b.get("billing_period"))
                && a.get("quantity").equals(b.get("quantity"));
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static List<ObjectNode> lines(ObjectNode subscription) {
        List<ObjectNode> lines = new ArrayList<>();
        subscription.path("plans").forEach(line -> lines.add((ObjectNode) line));
        return lines;
    }

    private static Map<String, ObjectNode> linesById(ObjectNode subscription) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        lines(subscription).forEach(line -> byId.put(line.get("subscription_line_id").asText(), line));
        return byId;
    }

    private static ObjectNode find(ArrayNode lines, String lineId) {
        for (JsonNode line : lines) {
            if (line.get("subscription_line_id").asText().equals(lineId)) {
                return (ObjectNode) line;
            }
        }
        return null;
    }

    private static void link(ObjectNode line, ChargeSchedule schedule) {
        line.put("billing_schedule_id", schedule.billingScheduleId).put("revenue_schedule_id", schedule.revenueScheduleId);
    }

    private void finish(ObjectNode subscription, String user) {
        totals(subscription);
        company.updated(subscription, user);
        company.schedules.refresh(subscription.get("id").asText());
        company.customers.refreshMetrics(subscription.get("customer_id").asText(), user);
    }

    private void archive(ObjectNode subscription) {
        history.computeIfAbsent(subscription.get("id").asText(), k -> new ArrayList<>()).add(view(subscription));
    }

    private static void bumpVersion(ObjectNode subscription, String type) {
        subscription.put("version", subscription.get("version").asInt() + 1).put("version_type", type);
    }

    /** cmrr is the undiscounted monthly value, discounted_cmrr after discounts, tcv the value over the term. */
    private void totals(ObjectNode subscription) {
        BigDecimal cmrr = BigDecimal.ZERO;
        BigDecimal discounted = BigDecimal.ZERO;
        BigDecimal tcv = BigDecimal.ZERO;
        for (ObjectNode line : lines(subscription)) {
            cmrr = cmrr.add(listMonthly(line));
            discounted = discounted.add(Json.decimal(line.get("cmrr"), BigDecimal.ZERO));
        }
        List<ChargeSchedule> schedules = company.schedules.ofSubscription(subscription.get("id").asText());
        if (schedules.isEmpty()) {
            LocalDate start = LocalDate.parse(subscription.get("billing_start_date").asText());
            LocalDate end = termEnd(subscription);
            for (ObjectNode line : lines(subscription)) {
                ChargeSchedule estimate = new ChargeSchedule("", "", "", "", start, line);
                estimate.generate(start, end != null ? end : start.plusMonths(12).minusDays(1));
                tcv = tcv.add(estimate.total());
            }
        } else {
            tcv = schedules.stream().map(ChargeSchedule::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
        subscription.put("cmrr", Json.money(cmrr)).put("discounted_cmrr", Json.money(discounted))
                .put("tcv", Json.money(tcv));
    }

    private void alignDates(ObjectNode subscription) {
        LocalDate effective = Json.date(subscription, "contract_effective_date", company.today());
        LocalDate service = Json.date(subscription, "service_start_date", effective);
        LocalDate billing = Json.date(subscription, "billing_start_date", service);
        subscription.put("contract_effective_date", effective.toString())
                .put("service_start_date", service.toString())
                .put("billing_start_date", billing.toString())
                .put("current_term_start_date", billing.toString());
        String term = subscription.get("contract_term").asText();
        subscription.put("current_term_end_date", EVERGREEN.contains(term.toLowerCase())
                ? "" : billing.plusMonths(months(term, 12)).minusDays(1).toString());
    }

    static LocalDate termEnd(ObjectNode subscription) {
        String end = subscription.path("current_term_end_date").asText();
        return end.isEmpty() ? null : LocalDate.parse(end);
    }

    private static LocalDate horizon(LocalDate from) {
        return from.plusMonths(12).minusDays(1);
    }

    private static int months(String term, int fallback) {
        try {
            return Integer.parseInt(term.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private LocalDate effectiveDate(JsonNode body, String name, String alias) {
        return effectiveDate(body, name, alias, company.today());
    }

    private static LocalDate effectiveDate(JsonNode body, String name, String alias, LocalDate fallback) {
        return Json.date(body, name, Json.date(body, alias, fallback));
    }

    private static void requireStatus(ObjectNode subscription, String status, String action) {
        String actual = subscription.get("status").asText();
        if (!actual.equals(status)) {
            throw ApiException.unprocessable("A " + actual + " subscription cannot be " + action);
        }
    }

    private static void copyFields(JsonNode body, ObjectNode target, Set<String> fields) {
        fields.forEach(field -> {
            if (body.has(field) && !body.get(field).isNull()) {
                target.set(field, body.get(field).deepCopy());
            }
        });
    }
}
