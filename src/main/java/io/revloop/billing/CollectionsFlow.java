package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.mapping.MappingRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Overdue invoices to collections Tasks. The sweep (and every invoice write) queues one inbox event per invoice and
 * step; the flow opens that step's Task (upsert by {@code collections:<invoice>:<step>}), completes the previous
 * step's Task so an invoice has exactly one open collections Task, and sets the Account's collections status.
 */
@Component("collectionsFlow")
public class CollectionsFlow {

    private static final Logger LOG = LoggerFactory.getLogger(CollectionsFlow.class);

    private final InvoiceStateStore states;
    private final CollectionsRules rules;
    private final BillingIntake intake;
    private final BillingCalendar calendar;
    private final SalesforceWrites salesforce;
    private final OrdwayReader ordway;
    private final MappingRegistry mappings;
    private final ObjectMapper mapper;

    CollectionsFlow(InvoiceStateStore states, CollectionsRules rules, BillingIntake intake, BillingCalendar calendar,
            SalesforceWrites salesforce, OrdwayReader ordway, MappingRegistry mappings, ObjectMapper mapper) {
        this.states = states;
        this.rules = rules;
        this.intake = intake;
        this.calendar = calendar;
        this.salesforce = salesforce;
        this.ordway = ordway;
        this.mappings = mappings;
        this.mapper = mapper;
    }

    /** Daily sweep: time passes without Ordway touching the invoice, so overdue is found here. */
    public int sweep() {
        LocalDate today = calendar.today();
        int queued = 0;
        for (InvoiceState s : states.openPastDueOrFailing(today)) {
            queued += planFor(s, today) ? 1 : 0;
        }
        if (queued > 0) {
            LOG.info("Collections sweep for {} queued {} steps", today, queued);
        }
        return queued;
    }

    /** Queues the step the invoice has reached, if it is past the one already opened. */
    boolean planFor(InvoiceState s, LocalDate today) {
        int rank = rules.targetRank(s.status(), s.balance(), s.dueDate(), today, s.failedPaymentCount());
        if (rank <= s.collectionsRank()) {
            return false;
        }
        return intake.collections(s.invoiceId(), rank, rules.step(rank).name());
    }

    /** The {@code ordway-to-salesforce-collections} flow: opens one step for one invoice. */
    public void open(@Body String payload) throws Exception {
        JsonNode event = mapper.readTree(payload);
        String invoiceId = event.path("invoiceId").asText();
        int rank = event.path("rank").asInt();
        InvoiceState state = states.find(invoiceId).orElseThrow();
        LocalDate today = calendar.today();
        if (rank <= state.collectionsRank() || !CollectionsRules.open(state.status(), state.balance())) {
            return; // paid, reversed or already further along since the step was queued
        }
        BillingProperties.Step step = rules.step(rank);
        JsonNode account = salesforce.accountsByCustomerId(Set.of(state.customerId())).get(state.customerId());
        if (account == null) {
            throw new IllegalStateException("no Salesforce Account has Ordway_Customer_Id__c " + state.customerId());
        }
        JsonNode invoice = ordway.get("invoices/" + invoiceId, null);
        int days = CollectionsRules.daysOverdue(state.status(), state.balance(), state.dueDate(), today);
        String key = CollectionsRules.taskKey(invoiceId, step);
        String ownerId = "csm".equals(step.assignTo()) && !account.path("Customer_Success_Manager__c").asText("").isEmpty()
                ? account.path("Customer_Success_Manager__c").asText() : account.path("OwnerId").asText();

        Map<String, Object> task = new LinkedHashMap<>(mappings.map("ordway-invoice-to-salesforce-collections-task",
                mapper.convertValue(invoice, Map.class)));
        task.put("Subject", task.get("Subject") + " (" + days + " days overdue, " + step.name() + ")");
        task.put("OwnerId", ownerId);
        task.put("WhatId", account.path("Id").asText());
        task.put("ActivityDate", today.toString());

        List<Map<String, Object>> writes = new ArrayList<>();
        writes.add(salesforce.upsertRequest("task", "Task", "Revloop_Key__c", key, task));
        if (state.openTaskKey() != null && !state.openTaskKey().equals(key)) {
            writes.add(salesforce.upsertRequest("previous", "Task", "Revloop_Key__c", state.openTaskKey(),
                    Map.of("Status", "Completed")));
        }
        writes.add(salesforce.upsertRequest("invoice", "Ordway_Invoice__c", "Ordway_Invoice_Id__c", invoiceId,
                Map.of("Days_Overdue__c", days)));
        // The Account roll-up sees this invoice at its new step before the state is stored, so a failed call
        // leaves the step unopened and the retry writes it again.
        List<InvoiceState> invoices = new ArrayList<>();
        for (InvoiceState s : states.ofCustomers(Set.of(state.customerId()))) {
            invoices.add(s.invoiceId().equals(invoiceId) ? s.withCollections(rank, step.status(), key) : s);
        }
        Map<String, Object> rollup = AccountRollup.fields(invoices,
                states.lastPaymentDate(state.customerId()).orElse(null), today);
        writes.add(salesforce.updateRequest("account", "Account", account.path("Id").asText(), rollup));
        salesforce.composite(writes);
        salesforce.recordAccountWrite(account.path("Id").asText(), rollup);
        states.saveCollections(invoiceId, rank, step.status(), key);
        LOG.info("Invoice {} is {} days overdue: collections step {} opened for {}", invoiceId, days, step.name(),
                ownerId);
    }
}
