package io.revloop.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** The last invoice version revloop synced, and its collections state (table {@code ordway_invoice_state}). */
record InvoiceState(
        String invoiceId,
        String customerId,
        LocalDate invoiceDate,
        LocalDate dueDate,
        String status,
        BigDecimal amount,
        BigDecimal balance,
        String currency,
        String pdfUrl,
        Instant updatedDate,
        int failedPaymentCount,
        int collectionsRank,
        String collectionsStatus,
        String openTaskKey) {

    InvoiceState withCollections(int rank, String status, String taskKey) {
        return new InvoiceState(invoiceId, customerId, invoiceDate, dueDate, this.status, amount, balance, currency,
                pdfUrl, updatedDate, failedPaymentCount, rank, status, taskKey);
    }
}
