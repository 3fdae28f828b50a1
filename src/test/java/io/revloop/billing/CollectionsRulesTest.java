package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectionsRulesTest {

    static final LocalDate DUE = LocalDate.of(2026, 3, 31);
    static final BigDecimal OWED = new BigDecimal("100.00");
    final CollectionsRules rules = new CollectionsRules(new BillingProperties.Collections(List.of(
            new BillingProperties.Step("final-notice", 30, "Final Notice", "csm"),
            new BillingProperties.Step("overdue", 1, "Overdue", "owner"),
            new BillingProperties.Step("escalated", 15, "Escalated", "csm")), 3, "UTC"));

    @Test
    void overdueOnlyWhenOpenWithABalanceAndPastTheDueDate() {
        assertThat(CollectionsRules.daysOverdue("Posted", OWED, DUE, DUE)).isZero();
        assertThat(CollectionsRules.daysOverdue("Posted", OWED, DUE, DUE.plusDays(1))).isEqualTo(1);
        assertThat(CollectionsRules.daysOverdue("Partially paid", OWED, DUE, DUE.plusDays(10))).isEqualTo(10);
        assertThat(CollectionsRules.daysOverdue("Paid", BigDecimal.ZERO, DUE, DUE.plusDays(10))).isZero();
        assertThat(CollectionsRules.daysOverdue("Reversed", OWED, DUE, DUE.plusDays(10))).isZero();
        assertThat(CollectionsRules.daysOverdue("Posted", BigDecimal.ZERO, DUE, DUE.plusDays(10))).isZero();
        assertThat(CollectionsRules.daysOverdue("Draft", OWED, DUE, DUE.plusDays(10))).isZero();
    }

    @Test
    void stepsFollowDaysOverdueInConfiguredOrder() {
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE, 0)).isZero();
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.plusDays(1), 0)).isEqualTo(1);
        assertThat(rules.step(1).name()).isEqualTo("overdue");
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.plusDays(14), 0)).isEqualTo(1);
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.plusDays(15), 0)).isEqualTo(2);
        assertThat(rules.step(2).assignTo()).isEqualTo("csm");
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.plusDays(45), 0)).isEqualTo(3);
        assertThat(rules.step(3).status()).isEqualTo("Final Notice");
        assertThat(rules.targetRank("Paid", BigDecimal.ZERO, DUE, DUE.plusDays(45), 0)).isZero();
    }

    @Test
    void failedPaymentsPastTheThresholdEscalateEvenBeforeTheDueDate() {
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.minusDays(20), 2)).isZero();
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.minusDays(20), 3)).isEqualTo(2);
        assertThat(rules.targetRank("Posted", OWED, DUE, DUE.plusDays(31), 3)).isEqualTo(3);
    }

    @Test
    void taskKeyIsOnePerInvoiceAndStep() {
        assertThat(CollectionsRules.taskKey("INV-00001", rules.step(2))).isEqualTo("collections:INV-00001:escalated");
    }

    @Test
    void accountRollupSumsOpenBalancesAndShowsTheWorstOpenStep() {
        LocalDate today = DUE.plusDays(16);
        InvoiceState late = state("INV-1", "Posted", "100.00", DUE, 2, "Escalated", "collections:INV-1:escalated");
        InvoiceState current = state("INV-2", "Partially paid", "40.00", today.plusDays(10), 0, null, null);
        InvoiceState paid = state("INV-3", "Paid", "0.00", DUE, 1, null, null);
        Map<String, Object> f = AccountRollup.fields(List.of(late, current, paid), DUE, today);
        assertThat((BigDecimal) f.get("Ordway_Balance__c")).isEqualByComparingTo("140");
        assertThat((BigDecimal) f.get("Ordway_Past_Due_Amount__c")).isEqualByComparingTo("100");
        assertThat(f.get("Collections_Status__c")).isEqualTo("Escalated");
        assertThat(f.get("Ordway_Last_Payment_Date__c")).isEqualTo("2026-03-31");
        assertThat(AccountRollup.fields(List.of(paid), null, today).get("Collections_Status__c")).isEqualTo("None");
    }

    static InvoiceState state(String id, String status, String balance, LocalDate due, int rank, String collections,
            String key) {
        return new InvoiceState(id, "C-1", due.minusDays(30), due, status, new BigDecimal("100.00"),
                new BigDecimal(balance), "USD", null, Instant.EPOCH, 0, rank, collections, key);
    }
}
