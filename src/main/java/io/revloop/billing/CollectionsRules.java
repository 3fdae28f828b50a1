package io.revloop.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * When an invoice is overdue and which collections step it has reached. Ordway has no overdue status: an invoice is
 * overdue when it is open, its balance is above zero and its due date has passed. Pure rules, unit-tested alone.
 */
final class CollectionsRules {

    private static final Set<String> OPEN = Set.of("Posted", "Partially paid");

    private final List<BillingProperties.Step> steps;
    private final int failedPaymentThreshold;

    CollectionsRules(BillingProperties.Collections settings) {
        this.steps = settings.steps().stream().sorted((a, b) -> Integer.compare(a.days(), b.days())).toList();
        this.failedPaymentThreshold = settings.failedPaymentThreshold();
    }

    static boolean open(String status, BigDecimal balance) {
        return OPEN.contains(status) && balance != null && balance.signum() > 0;
    }

    static int daysOverdue(String status, BigDecimal balance, LocalDate dueDate, LocalDate today) {
        if (!open(status, balance) || dueDate == null || !today.isAfter(dueDate)) {
            return 0;
        }
        return (int) ChronoUnit.DAYS.between(dueDate, today);
    }

    /**
     * The step the invoice should be at: 0 = none, n = {@code steps[n-1]}. Failed payments past the threshold
     * escalate to the first escalation step (the second configured step) even before the due date.
     */
    int targetRank(String status, BigDecimal balance, LocalDate dueDate, LocalDate today, int failedPayments) {
        if (!open(status, balance)) {
            return 0;
        }
        int days = daysOverdue(status, balance, dueDate, today);
        int rank = 0;
        for (int i = 0; i < steps.size(); i++) {
            if (days >= steps.get(i).days()) {
                rank = i + 1;
            }
        }
        if (failedPaymentThreshold > 0 && failedPayments >= failedPaymentThreshold) {
            rank = Math.max(rank, Math.min(2, steps.size()));
        }
        return rank;
    }

    BillingProperties.Step step(int rank) {
        return steps.get(rank - 1);
    }

    static String taskKey(String invoiceId, BillingProperties.Step step) {
        return "collections:" + invoiceId + ":" + step.name();
    }
}
