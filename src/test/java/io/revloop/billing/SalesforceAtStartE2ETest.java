package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StatefulService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The Salesforce component is started once, before the inbox workers run: with only Ordway routes nothing else would
 * create it before two workers did so together (see SalesforceComponentStarter). And a Salesforce that cannot be
 * reached at start leaves revloop running; once it answers, the waiting invoices arrive.
 */
class SalesforceAtStartE2ETest {

    static final BillingSandboxes SANDBOXES = new BillingSandboxes("t_salesforce_at_start");

    @AfterAll
    static void stop() {
        SANDBOXES.stop();
    }

    @Test
    void theComponentHasStartedBeforeAnyFlowRuns() {
        try (ConfigurableApplicationContext app = SANDBOXES.startApp()) {
            Component salesforce = app.getBean(CamelContext.class).hasComponent("salesforce");
            assertThat(salesforce).isNotNull();
            assertThat(((StatefulService) salesforce).getStatus()).isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void revloopStartsWithoutSalesforceAndSyncsOnceItAnswers() {
        List<BillingSandboxes.Customer> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(SANDBOXES.customer("Unreachable " + i, null, null));
        }
        int port = URI.create(SANDBOXES.salesforce.baseUrl()).getPort();
        int before = SANDBOXES.salesforce.org().records("Ordway_Invoice__c").size();
        SANDBOXES.salesforce.stop();
        try (ConfigurableApplicationContext app = SANDBOXES.startApp()) {
            assertThat(app.getBean(CamelContext.class).hasComponent("salesforce")).isNull();
            SANDBOXES.ordway.runBilling(SANDBOXES.ordway.today());
            // The events are stored and fail while Salesforce is away.
            JdbcTemplate db = app.getBean(JdbcTemplate.class);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    db.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE attempts > 0", Integer.class) > 0);

            SANDBOXES.salesforce.start(port);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                assertThat(SANDBOXES.salesforce.org().records("Ordway_Invoice__c")).hasSize(before + customers.size());
                assertThat(db.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE status <> 'DONE'", Integer.class))
                        .isZero();
            });
        }
    }
}
