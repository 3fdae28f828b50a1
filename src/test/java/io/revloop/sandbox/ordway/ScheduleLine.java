package io.revloop.sandbox.ordway;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * One line of a billing schedule: an amount for a span of service, ready to bill on a date, invoiced at most once.
 * Adjustment lines carry the opposite sign of the coverage they take back after a change or cancellation.
 */
final class ScheduleLine {

    static final String REGULAR = "Regular";
    static final String ADJUSTMENT = "Adjustment";

    final int id;
    final String lineType;
    final LocalDate readyDate;
    final LocalDate start;
    final LocalDate end;
    final BigDecimal quantity;
    final BigDecimal listPrice;
    final BigDecimal discount;
    final BigDecimal amount;
    String invoiceId;

    ScheduleLine(int id, String lineType, LocalDate readyDate, LocalDate start, LocalDate end, BigDecimal quantity,
            BigDecimal listPrice, BigDecimal discount, BigDecimal amount) {
        this.id = id;
        this.lineType = lineType;
        this.readyDate = readyDate;
        this.start = start;
        this.end = end;
        this.quantity = quantity;
        this.listPrice = listPrice;
        this.discount = discount;
        this.amount = Json.scale(amount);
    }

    boolean invoiced() {
        return invoiceId != null;
    }

    long days() {
        return daysBetween(start, end);
    }

    /** Inclusive day count, as Ordway prorates ($100/month cancelled on the 16th of 30 days: 15 days, -$50). */
    static long daysBetween(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }

    ScheduleLine copy(int newId, String type, LocalDate ready, LocalDate from, LocalDate to, BigDecimal newAmount) {
        return new ScheduleLine(newId, type, ready, from, to, quantity, listPrice, discount, newAmount);
    }
}
