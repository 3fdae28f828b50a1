package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Billing runs, the invoices they post, and payments applied to those invoices. */
final class Receivables {

    static final String DRAFT = "Draft";
    static final String POSTED = "Posted";
    static final String PARTIALLY_PAID = "Partially paid";
    static final String PAID = "Paid";
    static final String REVERSED = "Reversed";
    static final String PROCESSED = "Processed";
    static final String FAILED = "Failed";

    private static final Pattern NET_DAYS = Pattern.compile("(\\d+)");
    private static final Set<String> PAYMENT_FIELDS = Set.of("notes", "payment_type", "payment_method",
            "reference_number", "gl_account", "custom_fields", "fee_amount");

    final ResourceTable invoices = new ResourceTable("invoices", "Invoice", "INV-", Set.of("notes", "custom_fields"));
    final ResourceTable payments = new ResourceTable("payments", "Payment", "PMT-", PAYMENT_FIELDS);
    final ResourceTable billingRuns = new ResourceTable("billing_runs", "BillingRun", "BR-", Set.of());
    private final Company company;
    private String documentRoot = "";

    Receivables(Company company) {
        this.company = company;
    }

    void documentRoot(String root) {
        this.documentRoot = root;
    }

    JsonNode handleInvoices(ApiRequest request) {
        List<String> s = request.segments();
        if (s.size() == 1 && request.method().equals("GET")) {
            return ListQuery.apply(invoices.all(), request.query(), ListQuery.MAX_SIZE, this::view);
        }
        if (s.size() == 2 && request.method().equals("GET")) {
            return view(invoices.get(s.get(1)));
        }
        if (s.size() == 3 && s.get(2).equals("reverse") && request.method().equals("PUT")) {
            return reverseInvoice(s.get(1), Json.date(request.body(), "reversed_on", company.today()), request.userEmail());
        }
        throw ApiException.noRoute(request.path());
    }

    JsonNode handlePayments(ApiRequest request) {
        List<String> s = request.segments();
        if (s.size() == 1 && request.method().equals("GET")) {
            return ListQuery.apply(payments.all(), request.query(), ListQuery.MAX_SIZE, ObjectNode::deepCopy);
        }
        if (s.size() == 1 && request.method().equals("POST")) {
            return createPayment(request.body(), request.userEmail());
        }
        if (s.size() == 2 && request.method().equals("GET")) {
            return payments.get(s.get(1)).deepCopy();
        }
        if (s.size() == 3 && s.get(2).equals("reverse") && request.method().equals("PUT")) {
            return reversePayment(s.get(1), Json.date(request.body(), "reversed_on", company.today()), request.userEmail());
        }
        throw ApiException.noRoute(request.path());
    }

    JsonNode handleBillingRuns(ApiRequest request) {
        List<String> s = request.segments();
        if (s.size() == 1 && request.method().equals("GET")) {
            return ListQuery.apply(billingRuns.all(), request.query(), ListQuery.MAX_SIZE, ObjectNode::deepCopy);
        }
        if (s.size() == 1 && request.method().equals("POST")) {
            return billingRun(request.body(), request.userEmail());
        }
        if (s.size() == 2 && request.method().equals("GET")) {
            return billingRuns.get(s.get(1)).deepCopy();
        }
        throw ApiException.noRoute(request.path());
    }

    ObjectNode view(ObjectNode invoice) {
        return invoice.deepCopy();
    }

    // ---- billing runs -----------------------------------------------------------------------------------

    /**
     * Bills every schedule line ready by the target date that is not invoiced yet: one invoice per customer,
     * currency and payment terms, or per subscription when it asks for separate invoices.
     */
    ObjectNode billingRun(JsonNode body, String user) {
        LocalDate target = Json.date(body, "target_date", company.today());
        LocalDate invoiceDate = Json.date(body, "invoice_date", target);
        boolean autoPost = Json.flag(body, "auto_post", true);
        Set<String> customerFilter = customerFilter(body.path("filter_options"));
        company.subscriptions.extendEvergreen(target);

        String runId = billingRuns.idFor(body);
        Map<String, List<ChargeSchedule>> groups = new LinkedHashMap<>();
        for (ChargeSchedule schedule : company.schedules.all()) {
            ObjectNode subscription = company.subscriptions.table.get(schedule.subscriptionId);
            String customerId = subscription.get("customer_id").asText();
            if (subscription.get("status").asText().equals(Subscriptions.DRAFT)
                    || (!customerFilter.isEmpty() && !customerFilter.contains(customerId))) {
                continue;
            }
            String key = customerId + "|" + subscription.get("currency").asText() + "|"
                    + subscription.get("payment_terms").asText() + "|"
                    + (subscription.get("separate_invoice").asBoolean() ? schedule.subscriptionId : "");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(schedule);
        }
        BigDecimal total = BigDecimal.ZERO;
        int count = 0;
        for (List<ChargeSchedule> group : groups.values()) {
            ObjectNode invoice = invoice(group, target, invoiceDate, autoPost, runId, user);
            if (invoice != null) {
                total = total.add(Json.decimal(invoice.get("invoice_amount"), BigDecimal.ZERO));
                count++;
            }
        }
        ObjectNode run = Json.object().put("id", runId).put("status", autoPost ? POSTED : DRAFT)
                .put("target_date", target.toString()).put("invoice_date", invoiceDate.toString())
                .put("invoices_total", Json.money(total)).put("invoices_count", count)
                .put("currency", company.defaultCurrency())
                .put("charge_type", "one_time,recurring,usage_based").put("payment_term", "Default")
                .put("auto_post", autoPost).put("send_after_post", false);
        run.set("filter_options", body.has("filter_options") ? body.get("filter_options").deepCopy() : Json.object());
        company.created(run, user);
        billingRuns.put(run);
        groups.values().stream().flatMap(List::stream).map(s -> s.subscriptionId).distinct()
                .forEach(company.schedules::refresh);
        return run.deepCopy();
    }

    private ObjectNode invoice(List<ChargeSchedule> group, LocalDate target, LocalDate invoiceDate, boolean post,
            String runId, String user) {
        List<Object[]> billable = new ArrayList<>();
        for (ChargeSchedule schedule : group) {
            schedule.lines.stream()
                    .filter(line -> !line.invoiced() && !line.readyDate.isAfter(target))
                    .forEach(line -> billable.add(new Object[] {schedule, line}));
        }
        if (billable.isEmpty()) {
            return null;
        }
        ChargeSchedule first = group.get(0);
        ObjectNode subscription = company.subscriptions.table.get(first.subscriptionId);
        ObjectNode customer = company.customers.customers.get(subscription.get("customer_id").asText());
        String id = invoices.nextId();
        String terms = subscription.get("payment_terms").asText();
        ObjectNode invoice = Json.object().put("id", id)
                .put("customer_id", customer.get("id").asText()).put("customer_name", customer.get("name").asText());
        invoice.set("billing_contact", company.customers.addressSnapshot(subscription.path("bill_contact_id").asText()));
        invoice.set("shipping_contact", company.customers.addressSnapshot(subscription.path("shipping_contact_id").asText()));
        ArrayNode items = Json.array();
        BigDecimal subtotal = BigDecimal.ZERO;
        LocalDate start = null;
        LocalDate end = null;
        for (Object[] pair : billable) {
            ChargeSchedule schedule = (ChargeSchedule) pair[0];
            ScheduleLine line = (ScheduleLine) pair[1];
            line.invoiceId = id;
            subtotal = subtotal.add(line.amount);
            start = start == null || line.start.isBefore(start) ? line.start : start;
            end = end == null || line.end.isAfter(end) ? line.end : end;
            items.add(lineItem(items.size() + 1, schedule, line, customer));
        }
        invoice.put("invoice_date", invoiceDate.toString()).put("due_date", invoiceDate.plusDays(netDays(terms)).toString())
                .put("start_date", start.toString()).put("end_date", end.toString())
                .put("billing_run_id", runId).put("subtotal", Json.money(subtotal)).put("invoice_tax", "0.00")
                .put("invoice_amount", Json.money(subtotal)).put("paid_amount", "0.00")
                .put("balance", Json.money(subtotal)).put("status", post ? POSTED : DRAFT).put("notes", "")
                .put("currency", subscription.get("currency").asText()).put("exchange_rate", 1.0)
                .put("payment_terms", terms).put("invoice_pdf_url", documentRoot + "/invoices/" + id + ".pdf")
                .put("emailed", false);
        invoice.set("line_items", items);
        invoice.putArray("subtotals").addObject().put("subtotal_name", "Subtotal").put("value", Json.money(subtotal));
        invoice.putArray("payments");
        invoice.putArray("credits");
        invoice.putArray("refunds");
        invoice.putObject("custom_fields");
        company.created(invoice, user);
        invoices.put(invoice);
        if (post) {
            posted(invoice, user);
        }
        return invoice;
    }

    private ObjectNode lineItem(int number, ChargeSchedule schedule, ScheduleLine line, ObjectNode customer) {
        ObjectNode charge = schedule.charge;
        ObjectNode item = Json.object().put("line_no", String.valueOf(number))
                .put("subscription_id", schedule.subscriptionId).put("subscription_line_id", schedule.lineId)
                .put("customer_id", customer.get("id").asText()).put("customer_name", customer.get("name").asText())
                .put("product_id", charge.path("product_id").asText()).put("product_name", charge.path("product_name").asText())
                .put("plan_id", charge.path("plan_id").asText()).put("plan_name", charge.path("plan_name").asText())
                .put("charge_id", charge.path("charge_id").asText()).put("charge_name", charge.path("charge_name").asText())
                .put("charge_type", schedule.recurring() ? "recurring" : "one_time")
                .put("description", Schedules.description(charge, line))
                .put("start_date", line.start.toString()).put("end_date", line.end.toString())
                .put("unit_price", Json.money(line.listPrice)).put("list_price", Json.money(line.listPrice))
                .put("list_price_base", charge.path("list_price_base").asText()).put("taxable", false)
                .put("quantity", line.quantity.doubleValue()).put("included_quantity", 0)
                .put("discount", Json.money(line.discount)).put("effective_price", Json.money(line.amount))
                .put("line_tax", "0.00");
        item.putArray("tax_lines");
        item.putArray("applied_tiers");
        item.set("custom_fields", charge.path("custom_fields").deepCopy());
        return item;
    }

    /** Sandbox-only: posts a draft invoice, as a user would in Ordway's UI. */
    ObjectNode post(String invoiceId, String user) {
        ObjectNode invoice = invoices.get(invoiceId);
        if (!invoice.get("status").asText().equals(DRAFT)) {
            throw ApiException.unprocessable("Only draft invoices can be posted");
        }
        invoice.put("status", POSTED);
        company.updated(invoice, user);
        posted(invoice, user);
        return view(invoice);
    }

    private void posted(ObjectNode invoice, String user) {
        String customerId = invoice.get("customer_id").asText();
        company.customers.addToBalance(customerId, Json.decimal(invoice.get("balance"), BigDecimal.ZERO), user);
        company.customers.customers.get(customerId).put("last_invoiced_at", invoice.get("created_date").asText());
    }

    ObjectNode reverseInvoice(String invoiceId, LocalDate reversedOn, String user) {
        ObjectNode invoice = invoices.get(invoiceId);
        String status = invoice.get("status").asText();
        if (status.equals(REVERSED) || status.equals(DRAFT)) {
            throw ApiException.unprocessable("A " + status + " invoice cannot be reversed");
        }
        if (Json.decimal(invoice.get("paid_amount"), BigDecimal.ZERO).signum() != 0) {
            throw ApiException.unprocessable("Invoice " + invoiceId + " has payments applied; reverse or unapply them first");
        }
        BigDecimal balance = Json.decimal(invoice.get("balance"), BigDecimal.ZERO);
        invoice.put("status", REVERSED).put("balance", "0.00").put("reversed_on", reversedOn.toString());
        company.updated(invoice, user);
        company.customers.addToBalance(invoice.get("customer_id").asText(), balance.negate(), user);
        company.schedules.releaseInvoice(invoiceId);
        invoice.path("line_items").forEach(item -> company.schedules.refresh(item.get("subscription_id").asText()));
        return view(invoice);
    }

    // ---- payments ---------------------------------------------------------------------------------------

    private ObjectNode createPayment(JsonNode body, String user) {
        String customerId = Json.text(body, "customer_id", null);
        if (customerId == null) {
            throw ApiException.unprocessable("Customer can't be blank");
        }
        ObjectNode customer = company.customers.customers.find(customerId)
                .orElseThrow(() -> ApiException.unprocessable("Customer " + customerId + " does not exist"));
        BigDecimal amount = Json.decimal(body.get("payment_amount"), null);
        if (amount == null || amount.signum() <= 0) {
            throw ApiException.unprocessable("Payment amount must be greater than 0");
        }
        String currency = company.currency(body, customer.get("currency").asText());
        Map<ObjectNode, BigDecimal> applications = applications(body, customerId, currency, amount);

        ObjectNode payment = newPayment(body, customer, amount, currency, PROCESSED);
        BigDecimal applied = BigDecimal.ZERO;
        ArrayNode applied_to = payment.putArray("invoices");
        company.created(payment, user);
        for (Map.Entry<ObjectNode, BigDecimal> application : applications.entrySet()) {
            ObjectNode invoice = application.getKey();
            BigDecimal value = application.getValue();
            applied = applied.add(value);
            applied_to.addObject().put("id", invoice.get("id").asText()).put("amount_applied", Json.money(value))
                    .put("created_date", payment.get("created_date").asText());
            applyTo(invoice, payment, value, user);
        }
        payment.put("applied_amount", Json.money(applied)).put("unapplied_amount", Json.money(amount.subtract(applied)));
        payments.put(payment);
        company.customers.addToBalance(customerId, applied.negate(), user);
        return payment.deepCopy();
    }

    /** Explicit {@code invoices[]} win; otherwise {@code auto_apply} pays the oldest open invoices first. */
    private Map<ObjectNode, BigDecimal> applications(JsonNode body, String customerId, String currency, BigDecimal amount) {
        Map<ObjectNode, BigDecimal> result = new LinkedHashMap<>();
        BigDecimal left = amount;
        JsonNode requested = body.path("invoices");
        if (requested.isArray() && !requested.isEmpty()) {
            for (JsonNode entry : requested) {
                String invoiceId = Json.text(entry, "id", Json.text(entry, "invoice_id", ""));
                ObjectNode invoice = invoices.find(invoiceId)
                        .filter(i -> i.get("customer_id").asText().equals(customerId))
                        .orElseThrow(() -> ApiException.unprocessable("Invoice " + invoiceId
                                + " does not exist for customer " + customerId));
                requireOpen(invoice, currency);
                BigDecimal balance = Json.decimal(invoice.get("balance"), BigDecimal.ZERO);
                BigDecimal value = Json.decimal(entry.has("amount_applied") ? entry.get("amount_applied") : entry.get("amount"),
                        balance.min(left));
                if (value.compareTo(balance) > 0) {
                    throw ApiException.unprocessable("Amount applied to " + invoiceId + " exceeds its balance of "
                            + Json.money(balance));
                }
                left = left.subtract(value);
                if (left.signum() < 0) {
                    throw ApiException.unprocessable("Amounts applied exceed the payment amount");
                }
                result.merge(invoice, value, BigDecimal::add);
            }
        } else if (Json.flag(body, "auto_apply", false)) {
            List<ObjectNode> open = invoices.all().stream()
                    .filter(i -> i.get("customer_id").asText().equals(customerId))
                    .filter(i -> i.get("currency").asText().equals(currency))
                    .filter(i -> Set.of(POSTED, PARTIALLY_PAID).contains(i.get("status").asText()))
                    .sorted(Comparator.comparing((ObjectNode i) -> i.get("due_date").asText())
                            .thenComparing(i -> i.get("id").asText()))
                    .toList();
            for (ObjectNode invoice : open) {
                BigDecimal value = Json.decimal(invoice.get("balance"), BigDecimal.ZERO).min(left);
                if (value.signum() > 0) {
                    result.put(invoice, value);
                    left = left.subtract(value);
                }
            }
        }
        return result;
    }

    private void applyTo(ObjectNode invoice, ObjectNode payment, BigDecimal value, String user) {
        BigDecimal paid = Json.decimal(invoice.get("paid_amount"), BigDecimal.ZERO).add(value);
        BigDecimal balance = Json.decimal(invoice.get("invoice_amount"), BigDecimal.ZERO).subtract(paid);
        invoice.put("paid_amount", Json.money(paid)).put("balance", Json.money(balance))
                .put("status", balance.signum() <= 0 ? PAID : paid.signum() > 0 ? PARTIALLY_PAID : POSTED);
        ((ArrayNode) invoice.get("payments")).addObject().put("id", payment.get("id").asText())
                .put("payment_date", payment.get("payment_date").asText())
                .put("status", payment.get("status").asText())
                .put("amount_applied", Json.money(value));
        company.updated(invoice, user);
    }

    /** A declined card or returned debit: the attempt is recorded, the invoice stays open. */
    ObjectNode failPayment(String invoiceId, BigDecimal amount, String reason, String user) {
        ObjectNode invoice = invoices.get(invoiceId);
        requireOpen(invoice, invoice.get("currency").asText());
        ObjectNode customer = company.customers.customers.get(invoice.get("customer_id").asText());
        ObjectNode body = Json.object().put("payment_type", "Electronic").put("payment_method", "Credit Card");
        ObjectNode payment = newPayment(body, customer, amount, invoice.get("currency").asText(), FAILED);
        long attempts = invoice.get("payments").findValuesAsText("status").stream().filter(FAILED::equals).count();
        payment.put("failure_reason", reason).put("failed_attempt", attempts + 1).put("retried_attempts", attempts)
                .put("applied_amount", "0.00").put("unapplied_amount", "0.00");
        company.created(payment, user);
        payment.putArray("invoices").addObject().put("id", invoiceId).put("amount_applied", "0.00");
        payments.put(payment);
        ((ArrayNode) invoice.get("payments")).addObject().put("id", payment.get("id").asText())
                .put("payment_date", payment.get("payment_date").asText()).put("status", FAILED)
                .put("amount_applied", "0.00").put("failure_reason", reason);
        company.updated(invoice, user);
        return payment.deepCopy();
    }

    private ObjectNode reversePayment(String paymentId, LocalDate reversedOn, String user) {
        ObjectNode payment = payments.get(paymentId);
        if (!payment.get("status").asText().equals(PROCESSED)) {
            throw ApiException.unprocessable("A " + payment.get("status").asText() + " payment cannot be reversed");
        }
        BigDecimal unapplied = BigDecimal.ZERO;
        for (JsonNode application : payment.get("invoices")) {
            ObjectNode invoice = invoices.get(application.get("id").asText());
            BigDecimal value = Json.decimal(application.get("amount_applied"), BigDecimal.ZERO);
            applyTo(invoice, payment, value.negate(), user);
            unapplied = unapplied.add(value);
        }
        payment.put("status", REVERSED).put("reversed_on", reversedOn.toString())
                .put("applied_amount", "0.00");
        company.updated(payment, user);
        company.customers.addToBalance(payment.get("customer_id").asText(), unapplied, user);
        return payment.deepCopy();
    }

    private ObjectNode newPayment(JsonNode body, ObjectNode customer, BigDecimal amount, String currency, String status) {
        ObjectNode payment = Json.object().put("id", payments.idFor(body))
                .put("customer_id", customer.get("id").asText())
                .put("payment_date", Json.date(body, "payment_date", company.today()).toString())
                .put("notes", "").put("status", status).put("payment_amount", Json.money(amount))
                .put("fee_amount", "0.00").put("applied_amount", "0.00").put("unapplied_amount", Json.money(amount))
                .put("refunded_amount", "0.00").put("payment_type", "External").put("payment_method", "Check")
                .put("currency", currency).put("reference_number", "").put("auto_apply", Json.flag(body, "auto_apply", false))
                .put("retried_attempts", 0).put("failed_attempt", 0).put("failure_reason", "").put("gl_account", "");
        payment.putArray("refunds");
        payment.putObject("custom_fields");
        payments.copyWritable(body, payment);
        payment.put("fee_amount", Json.money(Json.decimal(payment.get("fee_amount"), BigDecimal.ZERO)));
        return payment;
    }

    private static void requireOpen(ObjectNode invoice, String currency) {
        String status = invoice.get("status").asText();
        if (!Set.of(POSTED, PARTIALLY_PAID).contains(status)) {
            throw ApiException.unprocessable("Invoice " + invoice.get("id").asText() + " is " + status
                    + " and cannot take payments");
        }
        if (!invoice.get("currency").asText().equals(currency)) {
            throw ApiException.unprocessable("Payment currency " + currency + " does not match invoice currency "
                    + invoice.get("currency").asText());
        }
    }

    private static Set<String> customerFilter(JsonNode filterOptions) {
        Set<String> ids = new java.util.HashSet<>();
        filterOptions.path("customer").forEach(entry -> ids.add(entry.isObject() ? entry.path("id").asText() : entry.asText()));
        return ids;
    }

    static long netDays(String terms) {
        Matcher matcher = NET_DAYS.matcher(terms == null ? "" : terms);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
}
