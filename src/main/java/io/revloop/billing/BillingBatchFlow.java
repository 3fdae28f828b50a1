package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.inbox.BackoffPolicy;
import io.revloop.inbox.InboxEvent;
import io.revloop.inbox.InboxHeaders;
import io.revloop.inbox.InboxProperties;
import io.revloop.inbox.InboxStore;
import io.revloop.inbox.TransientSyncException;
import io.revloop.mapping.MappingRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes Ordway invoices and payments to Salesforce in sObject Collections of up to 200.
 *
 * <p>The worker hands this flow one event (the head). The flow claims up to 199 more due events of the same flow with
 * the inbox's own conditional claim (same per-record ordering, same lease fencing), writes them all in a handful of
 * calls, then marks each sibling DONE or RETRY itself; the head's outcome goes back to the worker as usual. Nothing
 * is buffered in memory: a crash leaves leased events that are re-claimed when the lease runs out.
 */
@Component("billingBatch")
public class BillingBatchFlow {

    private static final Logger LOG = LoggerFactory.getLogger(BillingBatchFlow.class);

    private static final String SIBLINGS = """
            SELECT e.id FROM inbox_event e
             WHERE e.flow = :flow AND e.id <> :head
               AND ((e.status IN ('PENDING', 'RETRY') AND e.next_attempt_at <= :now)
                    OR (e.status = 'PROCESSING' AND e.lease_until < :now))
               AND NOT EXISTS (SELECT 1 FROM inbox_event p
                                WHERE p.entity = e.entity AND p.record_id = e.record_id AND p.id < e.id
                                  AND p.status IN ('PENDING', 'RETRY', 'PROCESSING'))
             ORDER BY e.priority, e.id
             LIMIT :limit
            """;

    private final InboxStore inbox;
    private final NamedParameterJdbcTemplate jdbc;
    private final BackoffPolicy backoff;
    private final InboxProperties.Worker worker;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final MappingRegistry mappings;
    private final SalesforceWrites salesforce;
    private final InvoiceStateStore states;
    private final CollectionsFlow collections;
    private final BillingCalendar calendar;
    private final int batchSize;
    private final String owner = "billing-batch-" + UUID.randomUUID();

    BillingBatchFlow(InboxStore inbox, NamedParameterJdbcTemplate jdbc, BackoffPolicy backoff,
            InboxProperties inboxProperties, Clock clock, ObjectMapper mapper, MappingRegistry mappings,
            SalesforceWrites salesforce, InvoiceStateStore states, CollectionsFlow collections,
            BillingCalendar calendar, BillingProperties properties) {
        this.inbox = inbox;
        this.jdbc = jdbc;
        this.backoff = backoff;
        this.worker = inboxProperties.worker();
        this.clock = clock;
        this.mapper = mapper;
        this.mappings = mappings;
        this.salesforce = salesforce;
        this.states = states;
        this.collections = collections;
        this.calendar = calendar;
        this.batchSize = Math.min(200, Math.max(1, properties.batchSize()));
    }

    /** Batch writer of one flow: returns the events that failed, with the reason. */
    private interface Writer {
        Map<Long, String> write(List<InboxEvent> events) throws Exception;
    }

    public void invoices(Exchange exchange) throws Exception {
        run(exchange, BillingIntake.INVOICE_FLOW, this::writeInvoices);
    }

    public void payments(Exchange exchange) throws Exception {
        run(exchange, BillingIntake.PAYMENT_FLOW, this::writePayments);
    }

    private void run(Exchange exchange, String flow, Writer writer) throws Exception {
        long headId = exchange.getMessage().getHeader(InboxHeaders.INBOX_ID, Long.class);
        InboxEvent head = inbox.find(headId).orElseThrow();
        List<InboxEvent> batch = new ArrayList<>();
        batch.add(head);
        batch.addAll(claimSiblings(flow, headId));
        Map<Long, String> failed;
        try {
            failed = writer.write(batch);
        } catch (Exception whole) {
            for (InboxEvent e : batch.subList(1, batch.size())) {
                retry(e, whole.toString());
            }
            throw whole;
        }
        for (InboxEvent e : batch.subList(1, batch.size())) {
            if (failed.containsKey(e.id())) {
                retry(e, failed.get(e.id()));
            } else {
                inbox.markDone(e.id(), owner, clock.instant());
            }
        }
        LOG.info("Flow {} wrote {} events in one batch ({} failed)", flow, batch.size(), failed.size());
        if (failed.containsKey(headId)) {
            throw new TransientSyncException(failed.get(headId), (Throwable) null);
        }
    }

    private List<InboxEvent> claimSiblings(String flow, long headId) {
        Instant now = clock.instant();
        List<Long> ids = jdbc.queryForList(SIBLINGS, new MapSqlParameterSource("flow", flow).addValue("head", headId)
                .addValue("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).addValue("limit", batchSize - 1),
                Long.class);
        List<InboxEvent> claimed = new ArrayList<>();
        for (long id : ids) {
            inbox.claim(id, owner, now, worker.lease()).ifPresent(claimed::add);
        }
        return claimed;
    }

    private void retry(InboxEvent e, String reason) {
        Instant now = clock.instant();
        inbox.markRetry(e.id(), owner, backoff.nextAttempt(now, e.attempts(), null), now, reason);
    }

    private Map<Long, String> writeInvoices(List<InboxEvent> events) throws Exception {
        LocalDate today = calendar.today();
        Map<Long, String> failed = new LinkedHashMap<>();
        Map<Long, JsonNode> invoices = new LinkedHashMap<>();
        Set<String> customers = new LinkedHashSet<>();
        for (InboxEvent e : events) {
            JsonNode invoice = mapper.readTree(e.payload());
            invoices.put(e.id(), invoice);
            customers.add(invoice.path("customer_id").asText());
            states.save(toState(invoice));
        }
        Map<String, JsonNode> accounts = salesforce.accountsByCustomerId(customers);

        List<Long> written = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (var entry : invoices.entrySet()) {
            JsonNode invoice = entry.getValue();
            JsonNode account = accounts.get(invoice.path("customer_id").asText());
            if (account == null) {
                failed.put(entry.getKey(), "no Salesforce Account has Ordway_Customer_Id__c "
                        + invoice.path("customer_id").asText());
                continue;
            }
            InvoiceState state = toState(invoice);
            Map<String, Object> record = new LinkedHashMap<>(mappings.map("ordway-invoice-to-salesforce-invoice",
                    mapper.convertValue(invoice, Map.class)));
            record.put("Account__c", account.path("Id").asText());
            record.put("Days_Overdue__c", CollectionsRules.daysOverdue(state.status(), state.balance(),
                    state.dueDate(), today));
            record.put("Failed_Payment_Count__c", state.failedPaymentCount());
            records.add(record);
            written.add(entry.getKey());
        }
        List<SalesforceWrites.Result> results = salesforce.upsert("Ordway_Invoice__c", "Ordway_Invoice_Id__c", records);
        List<Long> ok = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            if (results.get(i).success()) {
                ok.add(written.get(i));
            } else {
                failed.put(written.get(i), "Ordway_Invoice__c upsert failed: " + results.get(i).error());
            }
        }

        // One activity per invoice event, and the open collections task closed once paid or reversed.
        List<Map<String, Object>> tasks = new ArrayList<>();
        List<String> closing = new ArrayList<>();
        for (long id : ok) {
            JsonNode invoice = invoices.get(id);
            String accountId = accounts.get(invoice.path("customer_id").asText()).path("Id").asText();
            Map<String, Object> activity = new LinkedHashMap<>(mappings.map("ordway-invoice-to-salesforce-activity",
                    mapper.convertValue(invoice, Map.class)));
            activity.put("WhatId", accountId);
            activity.put("ActivityDate", today.toString());
            tasks.add(activity);
            InvoiceState state = states.find(invoice.path("id").asText()).orElseThrow();
            if (state.openTaskKey() != null && !CollectionsRules.open(state.status(), state.balance())) {
                tasks.add(Map.of("Revloop_Key__c", state.openTaskKey(), "Status", "Completed"));
                closing.add(state.invoiceId());
            }
        }
        List<SalesforceWrites.Result> taskResults = salesforce.upsert("Task", "Revloop_Key__c", tasks);
        for (SalesforceWrites.Result r : taskResults) {
            if (!r.success()) {
                throw new IllegalStateException("Task upsert failed: " + r.error());
            }
        }
        closing.forEach(states::closeCollections);

        refreshAccounts(customers, accounts, today);
        for (long id : ok) {
            collections.planFor(states.find(invoices.get(id).path("id").asText()).orElseThrow(), today);
        }
        return failed;
    }

    private Map<Long, String> writePayments(List<InboxEvent> events) throws Exception {
        Map<Long, String> failed = new LinkedHashMap<>();
        Map<Long, JsonNode> payments = new LinkedHashMap<>();
        Set<String> customers = new LinkedHashSet<>();
        for (InboxEvent e : events) {
            JsonNode payment = mapper.readTree(e.payload());
            payments.put(e.id(), payment);
            customers.add(payment.path("customer_id").asText());
        }
        Map<String, JsonNode> accounts = salesforce.accountsByCustomerId(customers);
        List<Long> written = new ArrayList<>();
        List<Map<String, Object>> records = new ArrayList<>();
        for (var entry : payments.entrySet()) {
            JsonNode payment = entry.getValue();
            JsonNode account = accounts.get(payment.path("customer_id").asText());
            if (account == null) {
                failed.put(entry.getKey(), "no Salesforce Account has Ordway_Customer_Id__c "
                        + payment.path("customer_id").asText());
                continue;
            }
            Map<String, Object> record = new LinkedHashMap<>(mappings.map("ordway-payment-to-salesforce-payment",
                    mapper.convertValue(payment, Map.class)));
            record.put("Account__c", account.path("Id").asText());
            records.add(record);
            written.add(entry.getKey());
        }
        List<SalesforceWrites.Result> results = salesforce.upsert("Ordway_Payment__c", "Ordway_Payment_Id__c", records);
        for (int i = 0; i < written.size(); i++) {
            if (!results.get(i).success()) {
                failed.put(written.get(i), "Ordway_Payment__c upsert failed: " + results.get(i).error());
                continue;
            }
            JsonNode payment = payments.get(written.get(i));
            if ("Processed".equals(payment.path("status").asText()) && !payment.path("payment_date").asText().isEmpty()) {
                states.recordPayment(payment.path("customer_id").asText(),
                        LocalDate.parse(payment.path("payment_date").asText()));
            }
        }
        refreshAccounts(customers, accounts, calendar.today());
        return failed;
    }

    /** Account billing fields from the local invoice mirror, one Collections update per 200 Accounts. */
    void refreshAccounts(Set<String> customers, Map<String, JsonNode> accounts, LocalDate today) throws Exception {
        Map<String, List<InvoiceState>> byCustomer = new LinkedHashMap<>();
        for (InvoiceState s : states.ofCustomers(customers)) {
            byCustomer.computeIfAbsent(s.customerId(), k -> new ArrayList<>()).add(s);
        }
        List<Map<String, Object>> updates = new ArrayList<>();
        for (String customer : customers) {
            JsonNode account = accounts.get(customer);
            if (account == null) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Id", account.path("Id").asText());
            fields.putAll(AccountRollup.fields(byCustomer.getOrDefault(customer, List.of()),
                    states.lastPaymentDate(customer).orElse(null), today));
            updates.add(fields);
        }
        for (SalesforceWrites.Result r : salesforce.update("Account", updates)) {
            if (!r.success()) {
                throw new IllegalStateException("Account billing fields update failed: " + r.error());
            }
        }
    }

    static InvoiceState toState(JsonNode invoice) {
        int failedPayments = 0;
        for (JsonNode p : invoice.path("payments")) {
            if ("Failed".equals(p.path("status").asText())) {
                failedPayments++;
            }
        }
        return new InvoiceState(invoice.path("id").asText(), invoice.path("customer_id").asText(),
                date(invoice.path("invoice_date")), date(invoice.path("due_date")), invoice.path("status").asText(),
                money(invoice.path("invoice_amount")), money(invoice.path("balance")),
                invoice.path("currency").asText(null), invoice.path("invoice_pdf_url").asText(null),
                Instant.parse(invoice.path("updated_date").asText()), failedPayments, 0, null, null);
    }

    private static LocalDate date(JsonNode n) {
        String s = n.asText("");
        return s.isEmpty() || s.equals("-") ? null : LocalDate.parse(s);
    }

    private static BigDecimal money(JsonNode n) {
        String s = n.asText("").replace(",", "");
        return s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
    }
}
