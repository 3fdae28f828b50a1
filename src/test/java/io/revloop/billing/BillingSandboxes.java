package io.revloop.billing;

import io.revloop.RevloopApplication;
import io.revloop.testing.SandboxConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revloop.sandbox.ordway.OrdwayCredentials;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import java.sql.Connection;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Both sandboxes on random ports, a private PostgreSQL schema, and the properties that point the real application at
 * them. Fixtures: an Ordway customer with a $100/month subscription and its Salesforce Account (owner and CSM).
 */
final class BillingSandboxes {

    static final LocalDate START = LocalDate.of(2026, 3, 1);
    static final String WEBHOOK_SECRET = "test-webhook-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    final OrdwaySandbox ordway;
    final SalesforceSandbox salesforce;
    final String schema;
    private String planId;
    private String chargeId;
    private int seq;

    BillingSandboxes(String schema) {
        this.schema = schema;
        this.ordway = new OrdwaySandbox(OrdwayCredentials.generate(), START.atStartOfDay(ZoneOffset.UTC).toInstant())
                .start(0);
        this.salesforce = SalesforceSandbox.builder().dailyApiRequests(1_000_000).build().start(0);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> properties() {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        p.put("spring.datasource.username", "postgres");
        p.put("spring.datasource.password", "");
        p.put("spring.flyway.schemas", schema);
        p.put("spring.flyway.default-schema", schema);
        p.put("spring.security.user.password", "test-only");
        p.put("camel.main.routes-include-pattern", "file:routes/error-handling.camel.yaml,file:routes/ordway-*.camel.yaml");
        p.putAll(SandboxConnection.properties(salesforce, ordway));
        p.put("revloop.ordway.requests-per-second", "200");
        p.put("revloop.inbox.worker.poll-interval", "100ms");
        p.put("revloop.inbox.retry.base-delay", "1s");
        p.put("revloop.inbox.retry.max-delay", "2s");
        p.put("revloop.billing.polling.invoice-interval-ms", "500");
        p.put("revloop.billing.polling.payment-interval-ms", "500");
        p.put("revloop.billing.collections.sweep-cron", "0/1 * * * * ?");
        p.put("revloop.billing.webhook.secret", WEBHOOK_SECRET);
        return p;
    }

    /** Points the application's "today" at the Ordway sandbox's clock as soon as the calendar bean exists. */
    BeanPostProcessor ordwayCalendar() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof BillingCalendar calendar) {
                    calendar.use(ordway::today);
                }
                return bean;
            }
        };
    }

    /** Starts revloop against these sandboxes on a free port; {@code extra} are further name=value settings. */
    ConfigurableApplicationContext startApp(String... extra) {
        List<String> args = new ArrayList<>(List.of(propertyArgs()));
        args.add("server.port=0");
        args.addAll(List.of(extra));
        // Command-line arguments, so they win over application.yml as the test's properties would.
        return new SpringApplicationBuilder(RevloopApplication.class)
                .initializers(ctx -> ctx.getBeanFactory().addBeanPostProcessor(ordwayCalendar()))
                .run(args.stream().map(a -> "--" + a).toArray(String[]::new));
    }

    String[] propertyArgs() {
        return properties().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    void stop() {
        ordway.stop();
        salesforce.stop();
    }

    /** A Salesforce user, e.g. an Account owner or customer-success manager. */
    String user(String lastName) {
        String n = lastName.toLowerCase() + (++seq);
        return salesforce.org().create("User", Map.of("LastName", lastName, "Username", n + "@example.com",
                "Email", n + "@example.com"));
    }

    /** An Ordway customer with an active $100/month subscription from START, and its Account in Salesforce. */
    Customer customer(String name, String ownerId, String csmId) {
        if (planId == null) {
            String product = ordway.company().post("/products", JSON.createObjectNode().put("name", "Platform"))
                    .get("id").asText();
            ObjectNode plan = JSON.createObjectNode().put("name", "Seats");
            plan.putArray("charges").addObject().put("product_id", product).put("name", "Seat licence")
                    .put("type", "Recurring").put("pricing_model", "Per unit").put("list_price", "50")
                    .put("billing_period", "Monthly").put("charge_timing", "In advance");
            ObjectNode created = ordway.company().post("/plans", plan);
            planId = created.get("id").asText();
            chargeId = created.get("charges").get(0).get("id").asText();
        }
        String customerId = ordway.company().post("/customers", JSON.createObjectNode().put("name", name))
                .get("id").asText();
        ObjectNode sub = JSON.createObjectNode().put("customer_id", customerId)
                .put("contract_effective_date", START.toString()).put("contract_term", "12").put("renewal_term", "12")
                .put("status", "Active");
        sub.putArray("plans").addObject().put("plan_id", planId).put("charge_id", chargeId).put("quantity", 2);
        ordway.company().post("/subscriptions", sub);
        Map<String, Object> account = new HashMap<>();
        account.put("Name", name);
        account.put("Ordway_Customer_Id__c", customerId);
        if (ownerId != null) {
            account.put("OwnerId", ownerId);
        }
        if (csmId != null) {
            account.put("Customer_Success_Manager__c", csmId);
        }
        return new Customer(customerId, salesforce.org().create("Account", account));
    }

    record Customer(String ordwayId, String accountId) {
    }

    /** Bills one customer on {@code date}; returns the posted invoice id. */
    String bill(Customer customer, LocalDate date) {
        ObjectNode body = JSON.createObjectNode().put("target_date", date.toString());
        body.putObject("filter_options").putArray("customer").addObject().put("id", customer.ordwayId());
        ordway.company().post("/billing_runs", body);
        List<String> ids = new ArrayList<>();
        for (JsonNode i : ordway.company().invoicesOf(customer.ordwayId())) {
            ids.add(i.get("id").asText());
        }
        return ids.get(ids.size() - 1);
    }

    Map<String, Object> sfInvoice(String invoiceId) {
        return salesforce.org().findBy("Ordway_Invoice__c", "Ordway_Invoice_Id__c", invoiceId).orElse(Map.of());
    }

    Map<String, Object> account(Customer c) {
        return salesforce.org().get(c.accountId()).orElseThrow();
    }

    Map<String, Object> task(String key) {
        return salesforce.org().findBy("Task", "Revloop_Key__c", key).orElse(Map.of());
    }

    /** Collections Tasks of an invoice that are not completed. */
    List<Map<String, Object>> openCollectionsTasks(String invoiceId) {
        return salesforce.org().records("Task").stream()
                .filter(t -> String.valueOf(t.get("Revloop_Key__c")).startsWith("collections:" + invoiceId + ":"))
                .filter(t -> !Objects.equals(t.get("Status"), "Completed")).toList();
    }
}
