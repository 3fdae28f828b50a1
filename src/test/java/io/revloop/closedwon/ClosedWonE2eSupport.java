package io.revloop.closedwon;

import io.revloop.testing.SandboxConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.revloop.deadletter.DeadLetter;
import io.revloop.deadletter.DeadLetterStore;
import io.revloop.salesforce.RoutingTable;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.CometdStreaming;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import io.revloop.sandbox.salesforce.StreamingSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real application against both sandboxes: Salesforce (REST and the CometD Streaming API, reached through the
 * unmodified camel-salesforce client) and Ordway, on random ports, with PostgreSQL in a schema of its own. Subclasses
 * share one Spring context (same configuration), the sandboxes and the schema; each test works on its own Account.
 */
@SpringBootTest(properties = {
        "revloop.inbox.worker.poll-interval=50ms",
        "revloop.inbox.retry.base-delay=300ms",
        "revloop.inbox.retry.max-delay=1s",
        "revloop.inbox.in-memory.max-redeliveries=0",
        "revloop.cdc.default-replay-id=-2",
        "revloop.ordway.requests-per-second=200",
        "revloop.admin.user=operator",
        "revloop.admin.password=test-only-password",
        "spring.security.user.password=test-only"})
abstract class ClosedWonE2eSupport {

    static final Duration BOUND = Duration.ofSeconds(30);
    static final String URL = System.getProperty("revloop.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String SCHEMA = "closed_won_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    static final SalesforceSandbox SF;
    static final OrdwaySandbox ORDWAY;
    static final Map<String, String> PRODUCTS = new HashMap<>();
    private static final Map<String, String> ENTRIES = new HashMap<>();

    static {
        CometdStreaming streaming = new CometdStreaming(StreamingSettings.forTests(Clock.systemUTC()));
        SF = SalesforceSandbox.builder().streaming(streaming).build();
        streaming.useClock(SF.clock()::now);
        SF.start(0);
        ORDWAY = new OrdwaySandbox().start(0);
        seedOrdwayCatalog();
        seedSalesforceProducts();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SF.stop();
            ORDWAY.stop();
            try (Connection c = DriverManager.getConnection(URL, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            } catch (Exception ignored) {
                // the schema name is random; a leftover harms no other run
            }
        }));
    }

    @DynamicPropertySource
    static void systems(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL + "?currentSchema=" + SCHEMA);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
        SandboxConnection.properties(SF, ORDWAY).forEach((key, value) -> registry.add(key, () -> value));
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DeadLetterStore deadLetters;

    @Autowired
    RoutingTable routing;

    @Autowired
    ObjectMapper mapper;

    /** The Ordway catalogue behind mappings/lookups/products.yaml, with the same ids. */
    private static void seedOrdwayCatalog() {
        product("P-00001", "Revloop Platform");
        product("P-00002", "API calls");
        product("P-00003", "Analyst seats");
        product("P-00004", "Onboarding");
        product("P-00005", "Sandbox environment");
        plan("PLN-00001", "Platform", List.of(
                charge("CHG-00001", "P-00001", "Recurring", "Per unit", "100.00", null),
                charge("CHG-00005", "P-00005", "Recurring", "Per unit", "0.00", null)));
        plan("PLN-00002", "API calls", List.of(charge("CHG-00002", "P-00002", "Recurring", "Tiered", "0.00",
                List.of(tier(1, "1", "100", "0.00"), tier(2, "101", "1000", "0.80"), tier(3, "1001", "", "0.50")))));
        plan("PLN-00003", "Analyst seats", List.of(charge("CHG-00003", "P-00003", "Recurring", "Volume", "0.00",
                List.of(tier(1, "1", "50", "40.00"), tier(2, "51", "200", "35.00"), tier(3, "201", "", "30.00")))));
        plan("PLN-00004", "Onboarding", List.of(charge("CHG-00004", "P-00004", "One time", "Flat fee", "5000.00",
                null)));
    }

    private static void product(String id, String name) {
        ORDWAY.company().post("/products", Map.of("id", id, "name", name));
    }

    private static void plan(String id, String name, List<Map<String, Object>> charges) {
        ORDWAY.company().post("/plans", Map.of("id", id, "name", name, "charges", charges));
    }

    private static Map<String, Object> charge(String id, String product, String type, String model, String price,
            List<Map<String, Object>> tiers) {
        Map<String, Object> c = new LinkedHashMap<>(Map.of("id", id, "product_id", product, "name", id + " charge",
                "type", type, "pricing_model", model, "list_price", price));
        if (type.equals("Recurring")) {
            c.put("billing_period", "Monthly");
            c.put("charge_timing", "In advance");
        }
        if (tiers != null) {
            c.put("tiers", tiers);
        }
        return c;
    }

    private static Map<String, Object> tier(int n, String start, String end, String price) {
        return Map.of("tier", n, "starting_unit", start, "ending_unit", end, "price", price, "type", "Per unit");
    }

    /** Products with standard prices in EUR, USD, GBP and JPY (Salesforce allows JPY; Ordway here does not). */
    private static void seedSalesforceProducts() {
        String book = SF.org().standardPricebookId();
        for (String code : List.of("PLAT-USER", "API-CALLS", "SEATS-VOL", "ONBOARD", "SANDBOX", "LEGACY-X")) {
            String product = SF.org().create("Product2", Map.of("Name", code + " product", "ProductCode", code));
            PRODUCTS.put(code, product);
            for (String currency : List.of("EUR", "USD", "GBP", "JPY")) {
                ENTRIES.put(code + "/" + currency, SF.org().create("PricebookEntry", Map.of("Pricebook2Id", book,
                        "Product2Id", product, "UnitPrice", 1.0, "CurrencyIsoCode", currency, "IsActive", true)));
            }
        }
    }

    // ---- Salesforce, as the reps would use it -------------------------------------------------------------

    static String account(String name, String currency) {
        return SF.org().create("Account", Map.of("Name", name, "CurrencyIsoCode", currency));
    }

    static String contact(String accountId, String first, String last, String email) {
        return SF.org().create("Contact", Map.of("AccountId", accountId, "FirstName", first, "LastName", last,
                "Email", email, "MailingStreet", "Hauptstr. 1\nEtage 3", "MailingCity", "Berlin",
                "MailingCountry", "Germany"));
    }

    static String opportunity(String accountId, String currency, Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("Name", "Deal " + UUID.randomUUID().toString()
                .substring(0, 6), "AccountId", accountId, "StageName", "Negotiation/Review", "CloseDate", "2026-02-27",
                "CurrencyIsoCode", currency, "Pricebook2Id", SF.org().standardPricebookId()));
        all.putAll(fields);
        return SF.org().create("Opportunity", all);
    }

    static String line(String oppId, String code, String currency, double quantity, double unitPrice,
            Double discount) {
        Map<String, Object> f = new LinkedHashMap<>(Map.of("OpportunityId", oppId, "PricebookEntryId",
                ENTRIES.get(code + "/" + currency), "Quantity", quantity, "UnitPrice", unitPrice));
        if (discount != null) {
            f.put("Discount", discount);
        }
        return SF.org().create("OpportunityLineItem", f);
    }

    static void role(String oppId, String contactId, String role, boolean primary) {
        SF.org().create("OpportunityContactRole", Map.of("OpportunityId", oppId, "ContactId", contactId, "Role", role,
                "IsPrimary", primary));
    }

    static void update(String type, String id, Map<String, ?> fields) {
        SF.org().update(type, id, fields);
    }

    static Map<String, Object> record(String id) {
        return SF.org().get(id).orElseThrow();
    }

    // ---- waiting and asserting -----------------------------------------------------------------------------

    /**
     * Waits until every change of the record that the routing table sends to a flow has reached the inbox (through
     * the Streaming API) and is finished (DONE or DEAD).
     */
    void awaitSettled(String recordId) {
        await().atMost(BOUND).until(() -> {
            long routed = SF.org().changeEvents().stream().filter(e -> e.recordIds().contains(recordId))
                    .filter(e -> routing.route(e.entityName(), e.changeType(), e.changedFields(),
                            mapper.valueToTree(e.fields())).isPresent())
                    .count();
            List<String> statuses = jdbc.queryForList("SELECT status FROM inbox_event WHERE record_id = ?",
                    String.class, recordId);
            return statuses.size() >= routed && statuses.stream().allMatch(s -> s.equals("DONE") || s.equals("DEAD"));
        });
    }

    void awaitInboxIdle() {
        await().atMost(BOUND).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE status NOT IN ('DONE', 'DEAD')", Long.class) == 0);
    }

    void awaitStatus(String oppId, String status) {
        await().atMost(BOUND).until(() -> status.equals(record(oppId).get("Ordway_Sync_Status__c")));
    }

    Optional<DeadLetter> lastDeadLetter(String recordId) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM dead_letter WHERE record_id = ? ORDER BY id DESC",
                Long.class, recordId);
        return ids.isEmpty() ? Optional.empty() : deadLetters.find(ids.get(0));
    }

    static ArrayNode subscriptionsOf(String oppId) {
        return (ArrayNode) ORDWAY.company().get("/subscriptions?salesforce_id=" + oppId);
    }

    static ArrayNode customersOf(String accountId) {
        return (ArrayNode) ORDWAY.company().get("/customers?salesforce_id=" + accountId);
    }

    static JsonNode lineFor(JsonNode subscription, String salesforceLineId) {
        for (JsonNode l : subscription.path("plans")) {
            if (salesforceLineId.equals(l.path("custom_fields").path("salesforce_id").asText())) {
                return l;
            }
        }
        throw new AssertionError("no subscription line for " + salesforceLineId + " in " + subscription);
    }

    static void assertLine(JsonNode line, String plan, String charge, double quantity, String listPrice,
            String discount, String effective, String period) {
        assertThat(line.path("plan_id").asText()).isEqualTo(plan);
        assertThat(line.path("charge_id").asText()).isEqualTo(charge);
        assertThat(line.path("quantity").asDouble()).isEqualTo(quantity);
        if (listPrice != null) {
            assertThat(line.path("list_price").asText()).isEqualTo(listPrice);
        }
        assertThat(line.path("discount").asText()).isEqualTo(discount);
        assertThat(line.path("effective_price").asText()).isEqualTo(effective);
        assertThat(line.path("billing_period").asText()).isEqualTo(period);
    }
}
