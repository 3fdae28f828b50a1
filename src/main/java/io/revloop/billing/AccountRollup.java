package io.revloop.billing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Account's billing fields, computed from the invoices revloop has synced for that customer. Pure. */
final class AccountRollup {

    private AccountRollup() {
    }

    static Map<String, Object> fields(List<InvoiceState> invoices, LocalDate lastPaymentDate, LocalDate today) {
        BigDecimal balance = BigDecimal.ZERO;
        BigDecimal pastDue = BigDecimal.ZERO;
        InvoiceState latest = null;
        InvoiceState worst = null;
        for (InvoiceState i : invoices) {
            if (CollectionsRules.open(i.status(), i.balance())) {
                balance = balance.add(i.balance());
                if (CollectionsRules.daysOverdue(i.status(), i.balance(), i.dueDate(), today) > 0) {
                    pastDue = pastDue.add(i.balance());
                }
                if (i.collectionsStatus() != null && (worst == null || i.collectionsRank() > worst.collectionsRank())) {
                    worst = i;
                }
            }
            if (!"Draft".equals(i.status()) && i.invoiceDate() != null && (latest == null || LATEST.compare(i, latest) > 0)) {
                latest = i;
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Ordway_Balance__c", balance);
        f.put("Ordway_Past_Due_Amount__c", pastDue);
        if (latest != null) {
            f.put("Ordway_Last_Invoice_Date__c", latest.invoiceDate().toString());
            f.put("Ordway_Last_Invoice_Status__c", latest.status());
        }
        if (lastPaymentDate != null) {
            f.put("Ordway_Last_Payment_Date__c", lastPaymentDate.toString());
        }
        f.put("Collections_Status__c", worst == null ? "None" : worst.collectionsStatus());
        return f;
    }

    private static final Comparator<InvoiceState> LATEST = Comparator.comparing(InvoiceState::invoiceDate)
            .thenComparing(InvoiceState::invoiceId);
}
