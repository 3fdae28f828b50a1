package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The billing schedule of one subscription charge line ({@code SCHG-…}). Periods are laid on a grid anchored at
 * the charge start date, so a change or renewal keeps billing on the same day of the month.
 */
final class ChargeSchedule {

    final String subscriptionId;
    final String lineId;
    final String billingScheduleId;
    final String revenueScheduleId;
    final LocalDate anchor;
    final List<ScheduleLine> lines = new ArrayList<>();
    /** The latest version of the charge line; kept after a change removes it, for invoice line details. */
    ObjectNode charge;
    LocalDate generatedThrough;
    private int nextLineId = 1;

    ChargeSchedule(String subscriptionId, String lineId, String billingScheduleId, String revenueScheduleId,
            LocalDate anchor, ObjectNode charge) {
        this.subscriptionId = subscriptionId;
        this.lineId = lineId;
        this.billingScheduleId = billingScheduleId;
        this.revenueScheduleId = revenueScheduleId;
        this.anchor = anchor;
        this.charge = charge;
    }

    boolean recurring() {
        return charge.path("charge_type").asText().equals(Catalog.RECURRING);
    }

    int periodMonths() {
        return Catalog.PERIOD_MONTHS.getOrDefault(charge.path("billing_period").asText(), 1);
    }

    boolean inAdvance() {
        return !charge.path("charge_timing").asText().equalsIgnoreCase("In arrears");
    }

    /** The billing period of the grid that contains {@code day}. */
    LocalDate[] periodOf(LocalDate day) {
        int months = periodMonths();
        int k = 0;
        LocalDate start = anchor;
        while (!anchor.plusMonths((long) (k + 1) * months).isAfter(day)) {
            k++;
            start = anchor.plusMonths((long) k * months);
        }
        return new LocalDate[] {start, anchor.plusMonths((long) (k + 1) * months).minusDays(1)};
    }

    /**
     * Adds lines billing the current price of the charge from {@code from} through {@code through}; partial periods
     * are prorated by days.
     */
    void generate(LocalDate from, LocalDate through) {
        BigDecimal price = Json.decimal(charge.get("effective_price"), BigDecimal.ZERO);
        if (!recurring()) {
            if (generatedThrough == null && !from.isAfter(through)) {
                add(ScheduleLine.REGULAR, from, from, from, price);
                generatedThrough = from;
            }
            return;
        }
        LocalDate day = from.isBefore(anchor) ? anchor : from;
        while (!day.isAfter(through)) {
            LocalDate[] period = periodOf(day);
            LocalDate end = period[1].isAfter(through) ? through : period[1];
            BigDecimal amount = prorate(price, ScheduleLine.daysBetween(day, end),
                    ScheduleLine.daysBetween(period[0], period[1]));
            add(ScheduleLine.REGULAR, inAdvance() ? day : end, day, end, amount);
            day = end.plusDays(1);
        }
        if (generatedThrough == null || through.isAfter(generatedThrough)) {
            generatedThrough = through;
        }
    }

    /**
     * Takes back everything scheduled from {@code effective} on: lines not yet invoiced are dropped or cut short,
     * invoiced ones get an adjustment line of the opposite sign for the days after the cut.
     */
    void closeFrom(LocalDate effective) {
        List<ScheduleLine> result = new ArrayList<>();
        for (ScheduleLine line : lines) {
            if (line.end.isBefore(effective)) {
                result.add(line);
                continue;
            }
            LocalDate cut = line.start.isAfter(effective) ? line.start : effective;
            BigDecimal after = line.start.isBefore(effective)
                    ? prorate(line.amount, ScheduleLine.daysBetween(cut, line.end), line.days())
                    : line.amount;
            if (line.invoiced()) {
                result.add(line);
                result.add(line.copy(nextLineId++, ScheduleLine.ADJUSTMENT, cut, cut, line.end, after.negate()));
            } else if (line.start.isBefore(effective)) {
                ScheduleLine kept = line.copy(line.id, line.lineType, line.readyDate.isBefore(effective)
                        ? line.readyDate : effective.minusDays(1), line.start, effective.minusDays(1),
                        line.amount.subtract(after));
                result.add(kept);
            }
        }
        lines.clear();
        lines.addAll(result);
        if (generatedThrough != null && !generatedThrough.isBefore(effective)) {
            generatedThrough = effective.minusDays(1);
        }
    }

    private void add(String type, LocalDate ready, LocalDate start, LocalDate end, BigDecimal amount) {
        lines.add(new ScheduleLine(nextLineId++, type, ready, start, end,
                Json.decimal(charge.get("quantity"), BigDecimal.ONE),
                Json.decimal(charge.get("list_price"), BigDecimal.ZERO),
                Json.decimal(charge.get("discount"), BigDecimal.ZERO), amount));
    }

    static BigDecimal prorate(BigDecimal amount, long days, long periodDays) {
        if (days == periodDays) {
            return amount;
        }
        return amount.multiply(BigDecimal.valueOf(days)).divide(BigDecimal.valueOf(periodDays), 2, RoundingMode.HALF_UP);
    }

    BigDecimal total() {
        return lines.stream().map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal invoicedTotal() {
        return lines.stream().filter(ScheduleLine::invoiced).map(l -> l.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
