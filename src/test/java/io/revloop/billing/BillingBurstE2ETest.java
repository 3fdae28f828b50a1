package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A billing run that posts a burst of invoices at once: every invoice reaches Salesforce through sObject Collections
 * of up to 200, and the Salesforce API calls per invoice are printed from the sandbox's usage counter.
 */
@SpringBootTest
class BillingBurstE2ETest {

    static final int INVOICES = Integer.getInteger("revloop.burst.invoices", 1000);
    static final BillingSandboxes SANDBOXES = new BillingSandboxes("t_billing_burst");

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

    @Test
    void aBillingRunOfInvoicesIsWrittenTwoHundredPerCall() {
        List<BillingSandboxes.Customer> customers = new ArrayList<>();
        for (int i = 0; i < INVOICES; i++) {
            customers.add(SANDBOXES.customer("Burst " + i, null, null));
        }
        int before = SANDBOXES.salesforce.apiUsage().used();
        long started = System.nanoTime();
        SANDBOXES.ordway.runBilling(SANDBOXES.ordway.today());

        await().atMost(Duration.ofSeconds(80)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(SANDBOXES.salesforce.org().records("Ordway_Invoice__c")).hasSize(INVOICES);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'", Integer.class))
                    .isZero();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        int calls = SANDBOXES.salesforce.apiUsage().used() - before;
        System.out.printf("BURST: %d invoices in %.1f s, %d Salesforce API calls = %.4f calls per invoice%n",
                INVOICES, seconds, calls, calls / (double) INVOICES);
        // Invoice upsert, activity upsert, Account update and the Account query: ~4 calls per 200 invoices.
        assertThat(calls / (double) INVOICES).isLessThan(0.1);
        var account = SANDBOXES.account(customers.get(INVOICES - 1));
        assertThat(account.get("Ordway_Last_Invoice_Status__c")).isEqualTo("Posted");
        assertThat(SANDBOXES.salesforce.org().records("Task")).hasSize(INVOICES);
    }

}
