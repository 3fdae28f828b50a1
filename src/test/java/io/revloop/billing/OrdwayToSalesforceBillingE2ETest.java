package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application against both sandboxes and PostgreSQL: every invoice transition, overdue and each escalation
 * step by the Ordway sandbox's clock, failed payments, payment after escalation, and the webhook receiver.
 * Tests share one context and one Ordway calendar, so they run in order and each uses its own customer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrdwayToSalesforceBillingE2ETest {

    static final BillingSandboxes SANDBOXES = new BillingSandboxes("t_billing_e2e");
    static final Duration WAIT = Duration.ofSeconds(20);

    @TestConfiguration
    static class OrdwayCalendar {
        @Bean
        static BeanPostProcessor ordwayCalendar() {
            return SANDBOXES.ordwayCalendar();
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SANDBOXES.properties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stop() {
        SANDBOXES.stop();
    }

    @Autowired
    BillingCalendar calendar;
    @Autowired
    JdbcTemplate jdbc;
    @LocalServerPort
    int port;

    void ordwayCalendar() {
    }

    @Test
    @Order(1)
    void postedPartiallyPaidAndPaidInvoicesReachSalesforceWithAccountFieldsAndActivities() {
        var c = SANDBOXES.customer("Acme Posted", null, null);
        String inv = SANDBOXES.bill(c, SANDBOXES.ordway.today());

        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> sf = SANDBOXES.sfInvoice(inv);
            assertThat(sf.get("Status__c")).isEqualTo("Posted");
            assertThat(sf.get("Account__c")).isEqualTo(c.accountId());
            assertThat(new BigDecimal(sf.get("Balance__c").toString())).isEqualByComparingTo("100");
            assertThat(sf.get("Due_Date__c")).hasToString("2026-03-31");
            assertThat(String.valueOf(sf.get("PDF_URL__c"))).endsWith(inv + ".pdf");
            Map<String, Object> account = SANDBOXES.account(c);
            assertThat(new BigDecimal(account.get("Ordway_Balance__c").toString())).isEqualByComparingTo("100");
            assertThat(account.get("Ordway_Last_Invoice_Status__c")).isEqualTo("Posted");
            assertThat(account.get("Ordway_Last_Invoice_Date__c")).hasToString("2026-03-01");
            assertThat(SANDBOXES.task("invoice:" + inv + ":Posted:0.00").get("WhatId")).isEqualTo(c.accountId());
        });

        SANDBOXES.ordway.applyPayment(inv, new BigDecimal("40.00"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.sfInvoice(inv).get("Status__c")).isEqualTo("Partially paid");
            assertThat(new BigDecimal(SANDBOXES.sfInvoice(inv).get("Paid_Amount__c").toString())).isEqualByComparingTo("40");
            Map<String, Object> account = SANDBOXES.account(c);
            assertThat(new BigDecimal(account.get("Ordway_Balance__c").toString())).isEqualByComparingTo("60");
            assertThat(account.get("Ordway_Last_Payment_Date__c")).hasToString("2026-03-01");
            assertThat(SANDBOXES.task("invoice:" + inv + ":Partially paid:40.00")).isNotEmpty();
            assertThat(SANDBOXES.salesforce.org().records("Ordway_Payment__c").stream()
                    .filter(p -> c.accountId().equals(p.get("Account__c")))).hasSize(1);
        });

        SANDBOXES.ordway.applyPayment(inv, new BigDecimal("60.00"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.sfInvoice(inv).get("Status__c")).isEqualTo("Paid");
            Map<String, Object> account = SANDBOXES.account(c);
            assertThat(new BigDecimal(account.get("Ordway_Balance__c").toString())).isEqualByComparingTo("0");
            assertThat(account.get("Ordway_Last_Invoice_Status__c")).isEqualTo("Paid");
            assertThat(SANDBOXES.task("invoice:" + inv + ":Paid:100.00").get("Subject").toString()).contains("paid");
        });
        assertThat(SANDBOXES.ordway.company().invoice(inv).get("status").asText()).isEqualTo("Paid");
    }

    @Test
    @Order(2)
    void reversedInvoiceIsReversedInSalesforceAndLeavesTheBalance() {
        var c = SANDBOXES.customer("Acme Reversed", null, null);
        String inv = SANDBOXES.bill(c, SANDBOXES.ordway.today());
        await().atMost(WAIT).ignoreExceptions().until(() -> "Posted".equals(SANDBOXES.sfInvoice(inv).get("Status__c")));
        SANDBOXES.ordway.reverseInvoice(inv);
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.sfInvoice(inv).get("Status__c")).isEqualTo("Reversed");
            Map<String, Object> account = SANDBOXES.account(c);
            assertThat(new BigDecimal(account.get("Ordway_Balance__c").toString())).isEqualByComparingTo("0");
            assertThat(account.get("Ordway_Last_Invoice_Status__c")).isEqualTo("Reversed");
            assertThat(SANDBOXES.salesforce.org().records("Task").stream()
                    .filter(t -> String.valueOf(t.get("Revloop_Key__c")).startsWith("invoice:" + inv + ":Reversed"))).hasSize(1);
        });
    }

    @Test
    @Order(3)
    void failedPaymentsPastTheThresholdEscalateToTheCustomerSuccessManager() {
        String owner = SANDBOXES.user("Owner");
        String csm = SANDBOXES.user("Csm");
        var c = SANDBOXES.customer("Acme Failing", owner, csm);
        String inv = SANDBOXES.bill(c, SANDBOXES.ordway.today());
        await().atMost(WAIT).ignoreExceptions().until(() -> "Posted".equals(SANDBOXES.sfInvoice(inv).get("Status__c")));
        for (int i = 0; i < 3; i++) {
            SANDBOXES.ordway.failPayment(inv, new BigDecimal("100.00"), "card_declined");
        }
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(((Number) SANDBOXES.sfInvoice(inv).get("Failed_Payment_Count__c")).intValue()).isEqualTo(3);
            assertThat(SANDBOXES.account(c).get("Collections_Status__c")).isEqualTo("Escalated");
            List<Map<String, Object>> open = SANDBOXES.openCollectionsTasks(inv);
            assertThat(open).hasSize(1);
            assertThat(open.get(0).get("OwnerId")).isEqualTo(csm);
            assertThat(open.get(0).get("Priority")).isEqualTo("High");
        });
        // Settle it so later calendar moves leave it alone.
        SANDBOXES.ordway.applyPayment(inv, new BigDecimal("100.00"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.openCollectionsTasks(inv)).isEmpty();
            assertThat(SANDBOXES.account(c).get("Collections_Status__c")).isEqualTo("None");
        });
    }

    @Test
    @Order(4)
    void overdueThenEachEscalationStepThenPaymentClosesEverything() {
        String owner = SANDBOXES.user("Owner");
        String csm = SANDBOXES.user("Csm");
        var c = SANDBOXES.customer("Acme Overdue", owner, csm);
        String inv = SANDBOXES.bill(c, SANDBOXES.ordway.today());
        await().atMost(WAIT).ignoreExceptions().until(() -> "Posted".equals(SANDBOXES.sfInvoice(inv).get("Status__c")));
        assertThat(SANDBOXES.openCollectionsTasks(inv)).isEmpty();

        // Due 2026-03-31: overdue from 1 April, by Ordway's clock, with nothing changing in Ordway.
        SANDBOXES.ordway.clock().set(java.time.LocalDate.of(2026, 4, 1));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            Map<String, Object> task = SANDBOXES.task("collections:" + inv + ":overdue");
            assertThat(task.get("OwnerId")).isEqualTo(owner);
            assertThat(task.get("Priority")).isEqualTo("High");
            assertThat(task.get("Type")).isEqualTo("Collections");
            assertThat(task.get("WhatId")).isEqualTo(c.accountId());
            assertThat(task.get("Subject").toString()).contains(inv, "100.00", "2026-03-31", "1 days overdue");
            assertThat(task.get("Description").toString()).contains(inv + ".pdf");
            assertThat(SANDBOXES.openCollectionsTasks(inv)).hasSize(1);
            assertThat(SANDBOXES.account(c).get("Collections_Status__c")).isEqualTo("Overdue");
            assertThat(new BigDecimal(SANDBOXES.account(c).get("Ordway_Past_Due_Amount__c").toString()))
                    .isEqualByComparingTo("100");
        });

        SANDBOXES.ordway.clock().set(java.time.LocalDate.of(2026, 4, 15));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.task("collections:" + inv + ":escalated").get("OwnerId")).isEqualTo(csm);
            assertThat(SANDBOXES.task("collections:" + inv + ":overdue").get("Status")).isEqualTo("Completed");
            assertThat(SANDBOXES.openCollectionsTasks(inv)).hasSize(1);
            assertThat(SANDBOXES.account(c).get("Collections_Status__c")).isEqualTo("Escalated");
        });

        SANDBOXES.ordway.clock().set(java.time.LocalDate.of(2026, 4, 30));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.task("collections:" + inv + ":final-notice").get("OwnerId")).isEqualTo(csm);
            assertThat(SANDBOXES.task("collections:" + inv + ":final-notice").get("Subject").toString())
                    .contains("30 days overdue");
            assertThat(SANDBOXES.openCollectionsTasks(inv)).hasSize(1);
            assertThat(SANDBOXES.account(c).get("Collections_Status__c")).isEqualTo("Final Notice");
            assertThat(((Number) SANDBOXES.sfInvoice(inv).get("Days_Overdue__c")).intValue()).isEqualTo(30);
        });

        SANDBOXES.ordway.applyPayment(inv, new BigDecimal("100.00"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.sfInvoice(inv).get("Status__c")).isEqualTo("Paid");
            assertThat(SANDBOXES.openCollectionsTasks(inv)).isEmpty();
            Map<String, Object> account = SANDBOXES.account(c);
            assertThat(account.get("Collections_Status__c")).isEqualTo("None");
            assertThat(new BigDecimal(account.get("Ordway_Past_Due_Amount__c").toString())).isEqualByComparingTo("0");
        });
        // Exactly one Task per step, ever.
        assertThat(SANDBOXES.salesforce.org().records("Task").stream()
                .filter(t -> String.valueOf(t.get("Revloop_Key__c")).startsWith("collections:" + inv + ":"))).hasSize(3);
    }

    @Test
    @Order(5)
    void webhookNeedsTheSecretAndOnlyHintsTheObjectToReRead() throws Exception {
        var c = SANDBOXES.customer("Acme Webhook", null, null);
        String inv = SANDBOXES.bill(c, SANDBOXES.ordway.today());
        String forged = "{\"object\":\"Invoice\",\"action\":\"edit\",\"record\":{\"id\":\"" + inv
                + "\",\"balance\":\"0.00\",\"status\":\"Paid\",\"updated_date\":\"2030-01-01T00:00:00.000Z\"}}";

        assertThat(post(forged, "wrong").statusCode()).isEqualTo(401);
        assertThat(post(forged, null).statusCode()).isEqualTo(401);
        int gets = SANDBOXES.ordway.journal().count("GET", ".*/invoices/" + inv);
        HttpResponse<String> ok = post(forged, BillingSandboxes.WEBHOOK_SECRET);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(SANDBOXES.ordway.journal().count("GET", ".*/invoices/" + inv)).isEqualTo(gets + 1);
        String realVersion = SANDBOXES.ordway.company().invoice(inv).get("updated_date").asText();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_key = ?", Integer.class,
                "invoice:" + inv + ":" + realVersion)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE event_key LIKE ?", Integer.class,
                "invoice:" + inv + ":2030%")).isZero();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            assertThat(SANDBOXES.sfInvoice(inv).get("Status__c")).isEqualTo("Posted");
            assertThat(new BigDecimal(SANDBOXES.sfInvoice(inv).get("Balance__c").toString()))
                    .isEqualByComparingTo(SANDBOXES.ordway.company().invoice(inv).get("balance").asText());
        });
    }

    private HttpResponse<String> post(String body, String secret) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/ordway"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            b.header(OrdwayWebhook.SECRET_HEADER, secret);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}
