package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Billing and revenue schedules, one of each per subscription charge line. The {@link ChargeSchedule}s are the
 * truth; the {@code billing_schedules} and {@code revenue_schedules} documents are re-rendered from them whenever
 * they or the calendar change, and only get a new {@code updated_date} when their content really changed.
 */
final class Schedules {

    private static final int REVENUE_MAX_SIZE = 500;
    private static final Set<String> AUDIT = Set.of("created_by", "updated_by", "created_date", "updated_date");
    private static final DateTimeFormatter FINANCIAL_PERIOD = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    final ResourceTable billingSchedules = new ResourceTable("billing_schedules", "BillingSchedule", "BS-", Set.of());
    final ResourceTable revenueSchedules = new ResourceTable("revenue_schedules", "RevenueSchedule", "RS-", Set.of());
    private final Map<String, ChargeSchedule> byLine = new LinkedHashMap<>();
    private final Company company;

    Schedules(Company company) {
        this.company = company;
    }

    JsonNode handle(ApiRequest request) {
        List<String> s = request.segments();
        if (!request.method().equals("GET") || s.size() > 2) {
            throw ApiException.noRoute(request.path());
        }
        boolean revenue = s.get(0).equals("revenue_schedules");
        ResourceTable table = revenue ? revenueSchedules : billingSchedules;
        if (s.size() == 1) {
            return ListQuery.apply(table.all(), request.query(), revenue ? REVENUE_MAX_SIZE : ListQuery.MAX_SIZE,
                    ObjectNode::deepCopy);
        }
        return table.get(s.get(1)).deepCopy();
    }

    ChargeSchedule open(String subscriptionId, ObjectNode charge, LocalDate anchor) {
        String lineId = charge.get("subscription_line_id").asText();
        ChargeSchedule schedule = byLine.get(lineId);
        if (schedule == null) {
            schedule = new ChargeSchedule(subscriptionId, lineId, billingSchedules.nextId(), revenueSchedules.nextId(),
                    anchor, charge);
            byLine.put(lineId, schedule);
        }
        schedule.charge = charge;
        return schedule;
    }

    ChargeSchedule of(String lineId) {
        return byLine.get(lineId);
    }

    List<ChargeSchedule> ofSubscription(String subscriptionId) {
        return byLine.values().stream().filter(s -> s.subscriptionId.equals(subscriptionId)).toList();
    }

    List<ChargeSchedule> all() {
        return List.copyOf(byLine.values());
    }

    /** After an invoice is reversed its lines become billable again, as in Ordway. */
    void releaseInvoice(String invoiceId) {
        byLine.values().forEach(schedule -> schedule.lines.stream()
                .filter(line -> invoiceId.equals(line.invoiceId))
                .forEach(line -> line.invoiceId = null));
    }

    void refreshAll() {
        byLine.values().forEach(this::refresh);
    }

    void refresh(String subscriptionId) {
        ofSubscription(subscriptionId).forEach(this::refresh);
    }

    private void refresh(ChargeSchedule schedule) {
        ObjectNode subscription = company.subscriptions.table.get(schedule.subscriptionId);
        store(billingSchedules, billingView(schedule, subscription));
        store(revenueSchedules, revenueView(schedule, subscription));
    }

    private void store(ResourceTable table, ObjectNode fresh) {
        String user = company.apiUser();
        ObjectNode existing = table.find(fresh.get("id").asText()).orElse(null);
        if (existing == null) {
            company.created(fresh, user);
            table.put(fresh);
            return;
        }
        ObjectNode before = existing.deepCopy();
        before.remove(AUDIT);
        if (!before.equals(fresh)) {
            AUDIT.forEach(field -> fresh.set(field, existing.get(field)));
            company.updated(fresh, user);
            table.put(fresh);
        }
    }

    private ObjectNode billingView(ChargeSchedule schedule, ObjectNode subscription) {
        ObjectNode charge = schedule.charge;
        ObjectNode view = Json.object().put("id", schedule.billingScheduleId)
                .put("customer_id", subscription.get("customer_id").asText())
                .put("customer_name", customerName(subscription))
                .put("subscription_id", schedule.subscriptionId)
                .put("product_id", charge.path("product_id").asText())
                .put("product_name", charge.path("product_name").asText())
                .put("plan_id", charge.path("plan_id").asText())
                .put("charge_id", schedule.lineId)
                .put("charge_name", charge.path("charge_name").asText())
                .put("charge_type", charge.path("charge_type").asText())
                .put("charge_timing", schedule.recurring() ? charge.path("charge_timing").asText() : "")
                .put("start_date", firstStart(schedule))
                .put("end_date", lastEnd(schedule))
                .put("currency", subscription.get("currency").asText());
        BigDecimal monthly = schedule.recurring() && isLive(subscription, schedule)
                ? Json.decimal(charge.get("cmrr"), BigDecimal.ZERO) : BigDecimal.ZERO;
        view.putObject("key_metrics")
                .put("monthly_recurring_revenue", Json.money(monthly))
                .put("annual_contract_revenue", Json.money(monthly.multiply(BigDecimal.valueOf(12))))
                .put("total_contract_revenue", Json.money(schedule.total()))
                .put("amount_invoiced", Json.money(schedule.invoicedTotal()));
        ArrayNode lines = view.putArray("schedule_lines");
        for (ScheduleLine line : schedule.lines) {
            lines.addObject().put("id", line.id)
                    .put("uid", schedule.billingScheduleId + "-" + line.id)
                    .put("line_type", line.lineType)
                    .put("charge_ready_date", line.readyDate.toString())
                    .put("start_date", line.start.toString())
                    .put("end_date", line.end.toString())
                    .put("unit_price", Json.money(line.listPrice))
                    .put("list_price", Json.money(line.listPrice))
                    .put("list_price_base", charge.path("list_price_base").asText())
                    .put("quantity", line.quantity)
                    .put("discount", Json.money(line.discount))
                    .put("amount", Json.money(line.amount))
                    .put("invoiced", line.invoiced() ? "Yes" : "No")
                    .put("invoice_id", line.invoiced() ? line.invoiceId : "")
                    .put("description", description(charge, line));
        }
        view.putObject("custom_fields");
        return view;
    }

    /** Revenue is spread over calendar months by days and counts as recognized once the month has closed. */
    private ObjectNode revenueView(ChargeSchedule schedule, ObjectNode subscription) {
        ObjectNode charge = schedule.charge;
        TreeMap<YearMonth, BigDecimal> byMonth = new TreeMap<>();
        for (ScheduleLine line : schedule.lines) {
            BigDecimal remaining = line.amount;
            YearMonth month = YearMonth.from(line.start);
            YearMonth last = YearMonth.from(line.end);
            while (!month.isAfter(last)) {
                BigDecimal share;
                if (month.equals(last)) {
                    share = remaining;
                } else {
                    LocalDate from = line.start.isAfter(month.atDay(1)) ? line.start : month.atDay(1);
                    share = ChargeSchedule.prorate(line.amount, ScheduleLine.daysBetween(from, month.atEndOfMonth()),
                            line.days());
                }
                byMonth.merge(month, share, BigDecimal::add);
                remaining = remaining.subtract(share);
                month = month.plusMonths(1);
            }
        }
        LocalDate today = company.today();
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal recognized = BigDecimal.ZERO;
        ArrayNode lines = Json.array();
        for (Map.Entry<YearMonth, BigDecimal> entry : byMonth.entrySet()) {
            LocalDate postingDate = entry.getKey().atEndOfMonth();
            boolean posted = postingDate.isBefore(today);
            total = total.add(entry.getValue());
            if (posted) {
                recognized = recognized.add(entry.getValue());
            }
            lines.addObject().put("uid", schedule.revenueScheduleId + "-" + entry.getKey())
                    .put("financial_period", FINANCIAL_PERIOD.format(entry.getKey()))
                    .put("posted", posted ? "Yes" : "No")
                    .put("posting_date", postingDate.toString())
                    .put("period_revenue", Json.money(entry.getValue()))
                    .put("amount", Json.money(entry.getValue()))
                    .put("revenue_schedule_id", schedule.revenueScheduleId)
                    .put("subscription_charge_uid", schedule.lineId)
                    .put("currency", subscription.get("currency").asText())
                    .put("exchange_rate", 1.0);
        }
        ObjectNode view = Json.object().put("id", schedule.revenueScheduleId)
                .put("customer_id", subscription.get("customer_id").asText())
                .put("source_transaction", "Subscription: " + schedule.subscriptionId)
                .put("product_id", charge.path("product_id").asText())
                .put("product_name", charge.path("product_name").asText())
                .put("plan_id", charge.path("plan_id").asText())
                .put("plan_name", charge.path("plan_name").asText())
                .put("charge_id", schedule.lineId)
                .put("charge_name", charge.path("charge_name").asText())
                .put("charge_type", charge.path("charge_type").asText())
                .put("charge_timing", schedule.recurring() ? charge.path("charge_timing").asText() : "")
                .put("total_revenue", Json.money(total))
                .put("recognized_revenue", Json.money(recognized))
                .put("unrecognized_revenue", Json.money(total.subtract(recognized)))
                .put("start_date", firstStart(schedule))
                .put("end_date", lastEnd(schedule))
                .put("exchange_rate_source", "Transaction");
        view.set("schedule_lines", lines);
        return view;
    }

    static String description(ObjectNode charge, ScheduleLine line) {
        String name = charge.path("charge_name").asText();
        String span = line.start + " - " + line.end;
        return line.lineType.equals(ScheduleLine.ADJUSTMENT) ? name + " adjustment " + span : name + " " + span;
    }

    private boolean isLive(ObjectNode subscription, ChargeSchedule schedule) {
        return subscription.get("status").asText().equals(Subscriptions.ACTIVE)
                && Subscriptions.lines(subscription).stream()
                        .anyMatch(line -> line.get("subscription_line_id").asText().equals(schedule.lineId));
    }

    private String customerName(ObjectNode subscription) {
        return company.customers.customers.find(subscription.get("customer_id").asText())
                .map(c -> c.path("name").asText()).orElse("");
    }

    private static String firstStart(ChargeSchedule schedule) {
        return schedule.lines.stream().map(l -> l.start).min(LocalDate::compareTo).map(LocalDate::toString).orElse("");
    }

    private static String lastEnd(ChargeSchedule schedule) {
        return schedule.lines.stream().map(l -> l.end).max(LocalDate::compareTo).map(LocalDate::toString).orElse("");
    }
}
