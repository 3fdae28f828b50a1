package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revloop.sandbox.salesforce.ChangeEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application is stopped while a billing run is being synced, Ordway changes while it is down, and a new
 * instance on the same database resumes from the stored watermarks: every invoice and every change arrives, and no
 * invoice version is written to Salesforce twice (counted from the sandbox's change events per record).
 */
class BillingRestartE2ETest {

    static final int INVOICES = 300;
    static final BillingSandboxes SANDBOXES = new BillingSandboxes("t_billing_restart");

    @AfterAll
    static void stop() {
        SANDBOXES.stop();
    }

    ConfigurableApplicationContext start() {
        // A stopped instance's leases must not hold the new one up for long; small batches, so the first instance is
        // stopped with part of the run still to write.
        return SANDBOXES.startApp("revloop.inbox.worker.lease=5s", "revloop.billing.batch-size=20");
    }

    @Test
    void pollersResumeFromTheirWatermarksWithNothingLostAndNothingWrittenTwice() {
        List<BillingSandboxes.Customer> customers = new ArrayList<>();
        for (int i = 0; i < INVOICES; i++) {
            customers.add(SANDBOXES.customer("Restart " + i, null, null));
        }
        ConfigurableApplicationContext first = start();
        SANDBOXES.ordway.runBilling(SANDBOXES.ordway.today());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> !SANDBOXES.salesforce.org().records("Ordway_Invoice__c").isEmpty());
        int beforeRestart = SANDBOXES.salesforce.org().records("Ordway_Invoice__c").size();
        first.close();
        JdbcTemplate db = new JdbcTemplate(org.springframework.boot.jdbc.DataSourceBuilder.create()
                .url("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + SANDBOXES.schema)
                .username("postgres").password("").build());
        String watermark = db.queryForObject("SELECT CAST(watermark AS VARCHAR) FROM poll_watermark"
                + " WHERE poller = 'ordway-invoices'", String.class);
        System.out.printf("RESTART: stopped with %d of %d invoices in Salesforce, invoice watermark %s%n",
                beforeRestart, INVOICES, watermark);

        // While revloop is down: a third of the invoices are paid.
        List<String> paid = new ArrayList<>();
        for (int i = 0; i < INVOICES; i += 3) {
            JsonNode invoice = SANDBOXES.ordway.company().invoicesOf(customers.get(i).ordwayId()).get(0);
            SANDBOXES.ordway.applyPayment(invoice.get("id").asText(), new BigDecimal("100.00"));
            paid.add(invoice.get("id").asText());
        }

        ConfigurableApplicationContext second = start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                List<Map<String, Object>> invoices = SANDBOXES.salesforce.org().records("Ordway_Invoice__c");
                assertThat(invoices).hasSize(INVOICES);
                assertThat(invoices.stream().filter(i -> "Paid".equals(i.get("Status__c")))).hasSize(paid.size());
                assertThat(SANDBOXES.salesforce.org().records("Ordway_Payment__c")).hasSize(paid.size());
                assertThat(db.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'",
                        Integer.class)).isZero();
            });
        } finally {
            second.close();
        }

        // Writes per invoice record: one per Ordway version (created when posted, updated once when paid).
        Map<String, String> idByRecord = new HashMap<>();
        for (Map<String, Object> r : SANDBOXES.salesforce.org().records("Ordway_Invoice__c")) {
            idByRecord.put((String) r.get("Id"), (String) r.get("Ordway_Invoice_Id__c"));
        }
        Map<String, Long> writes = SANDBOXES.salesforce.org().changeEvents().stream()
                .filter(e -> e.entityName().equals("Ordway_Invoice__c"))
                .flatMap((ChangeEvent e) -> e.recordIds().stream())
                .collect(Collectors.groupingBy(idByRecord::get, Collectors.counting()));
        Map<Long, Long> histogram = writes.values().stream()
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        System.out.println("RESTART: Salesforce writes per invoice -> number of invoices: " + histogram);
        assertThat(writes).hasSize(INVOICES);
        writes.forEach((invoice, count) ->
                assertThat(count).as(invoice).isEqualTo(paid.contains(invoice) ? 2L : 1L));
        assertThat(db.queryForObject("SELECT COUNT(*) FROM inbox_event", Integer.class))
                .isEqualTo(INVOICES + 2 * paid.size());
    }
}
