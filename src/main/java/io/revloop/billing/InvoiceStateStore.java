package io.revloop.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Local mirror of Ordway invoices (and customers' last payment date) for overdue sweeps and Account roll-ups. */
@Repository
class InvoiceStateStore {

    private static final String COLUMNS = "invoice_id, customer_id, invoice_date, due_date, status, amount, balance, "
            + "currency, pdf_url, updated_date, failed_payment_count, collections_rank, collections_status, open_task_key";

    private final NamedParameterJdbcTemplate jdbc;

    InvoiceStateStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<InvoiceState> find(String invoiceId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ordway_invoice_state WHERE invoice_id = :id",
                new MapSqlParameterSource("id", invoiceId), InvoiceStateStore::row).stream().findFirst();
    }

    List<InvoiceState> ofCustomers(Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM ordway_invoice_state WHERE customer_id IN (:ids)",
                new MapSqlParameterSource("ids", customerIds), InvoiceStateStore::row);
    }

    /** Open invoices whose due date has passed by {@code today}, or that have failed payments. */
    List<InvoiceState> openPastDueOrFailing(LocalDate today) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ordway_invoice_state WHERE balance > 0"
                + " AND status IN ('Posted', 'Partially paid') AND (due_date < :today OR failed_payment_count > 0)"
                + " ORDER BY due_date, invoice_id", new MapSqlParameterSource("today", today), InvoiceStateStore::row);
    }

    /** Stores Ordway's fields of a version unless a newer one is stored; false when the version is stale. */
    boolean save(InvoiceState s) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", s.invoiceId())
                .addValue("customer", s.customerId()).addValue("invoiceDate", s.invoiceDate())
                .addValue("dueDate", s.dueDate()).addValue("status", s.status()).addValue("amount", s.amount())
                .addValue("balance", s.balance()).addValue("currency", s.currency()).addValue("pdf", s.pdfUrl())
                .addValue("updated", OffsetDateTime.ofInstant(s.updatedDate(), ZoneOffset.UTC))
                .addValue("failed", s.failedPaymentCount());
        int rows = jdbc.update("""
                UPDATE ordway_invoice_state SET customer_id = :customer, invoice_date = :invoiceDate,
                       due_date = :dueDate, status = :status, amount = :amount, balance = :balance,
                       currency = :currency, pdf_url = :pdf, updated_date = :updated, failed_payment_count = :failed
                 WHERE invoice_id = :id AND updated_date <= :updated
                """, p);
        if (rows == 1) {
            return true;
        }
        if (find(s.invoiceId()).isPresent()) {
            return false;
        }
        return jdbc.update("""
                INSERT INTO ordway_invoice_state (invoice_id, customer_id, invoice_date, due_date, status, amount,
                       balance, currency, pdf_url, updated_date, failed_payment_count)
                VALUES (:id, :customer, :invoiceDate, :dueDate, :status, :amount, :balance, :currency, :pdf,
                        :updated, :failed)
                ON CONFLICT DO NOTHING
                """, p) == 1;
    }

    void saveCollections(String invoiceId, int rank, String status, String openTaskKey) {
        jdbc.update("""
                UPDATE ordway_invoice_state SET collections_rank = :rank, collections_status = :status,
                       open_task_key = :key WHERE invoice_id = :id
                """, new MapSqlParameterSource("id", invoiceId).addValue("rank", rank).addValue("status", status)
                .addValue("key", openTaskKey));
    }

    /** A closed invoice keeps its rank (steps never reopen) but loses its open task and status. */
    void closeCollections(String invoiceId) {
        jdbc.update("UPDATE ordway_invoice_state SET collections_status = NULL, open_task_key = NULL"
                + " WHERE invoice_id = :id", new MapSqlParameterSource("id", invoiceId));
    }

    Optional<LocalDate> lastPaymentDate(String customerId) {
        return jdbc.query("SELECT last_payment_date FROM ordway_customer_state WHERE customer_id = :id",
                new MapSqlParameterSource("id", customerId), (rs, n) -> rs.getObject(1, LocalDate.class))
                .stream().filter(d -> d != null).findFirst();
    }

    void recordPayment(String customerId, LocalDate paymentDate) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", customerId).addValue("date", paymentDate);
        int rows = jdbc.update("UPDATE ordway_customer_state SET last_payment_date = :date WHERE customer_id = :id"
                + " AND (last_payment_date IS NULL OR last_payment_date < :date)", p);
        if (rows == 0) {
            jdbc.update("INSERT INTO ordway_customer_state (customer_id, last_payment_date) VALUES (:id, :date)"
                    + " ON CONFLICT DO NOTHING", p);
        }
    }

    private static InvoiceState row(ResultSet rs, int n) throws SQLException {
        return new InvoiceState(rs.getString("invoice_id"), rs.getString("customer_id"),
                rs.getObject("invoice_date", LocalDate.class), rs.getObject("due_date", LocalDate.class),
                rs.getString("status"), rs.getBigDecimal("amount"), rs.getBigDecimal("balance"),
                rs.getString("currency"), rs.getString("pdf_url"),
                rs.getObject("updated_date", OffsetDateTime.class).toInstant(),
                rs.getInt("failed_payment_count"), rs.getInt("collections_rank"), rs.getString("collections_status"),
                rs.getString("open_task_key"));
    }

}
