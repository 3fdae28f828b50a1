package io.revloop.e2e;

import io.revloop.testing.SandboxConnection;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.RevloopApplication;
import io.revloop.sandbox.ordway.JournalEntry;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.CometdStreaming;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import io.revloop.sandbox.salesforce.StreamingSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Both sandboxes on free ports, one database, and revloop itself started as the real Spring Boot application
 * (all routes in {@code routes/}, all mappings) pointed at them. Applications can be stopped, restarted and run twice.
 */
public final class E2eSystems implements AutoCloseable {

    public static final String ADMIN_USER = "ops-alice";
    public static final String ADMIN_PASSWORD = "e2e-only-admin-password";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "/data/ChangeEvents";

    public final SalesforceSandbox salesforce;
    public final CometdStreaming streaming;
    public final OrdwaySandbox ordway;
    public final E2eDatabase database;
    public final OffsetClock clock = new OffsetClock();
    public final JdbcTemplate jdbc;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    private E2eSystems(E2eDatabase database) {
        this.database = database;
        streaming = new CometdStreaming(StreamingSettings.forTests(Clock.systemUTC()));
        salesforce = SalesforceSandbox.builder().streaming(streaming).build();
        streaming.useClock(salesforce.clock()::now);
        salesforce.start(0);
        ordway = new OrdwaySandbox().start(0);
        jdbc = new JdbcTemplate(new DriverManagerDataSource(database.url(), database.user(), ""));
    }

    public static E2eSystems start(E2eDatabase.Kind kind, String name) {
        return new E2eSystems(E2eDatabase.create(kind, name));
    }

    /** Starts revloop; {@code overrides} are extra or replaced settings ({@code key=value}). */
    public ConfigurableApplicationContext startApp(String instanceId, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", database.url());
        p.put("spring.datasource.username", database.user());
        p.put("spring.datasource.password", "");
        p.put("spring.datasource.hikari.maximum-pool-size", "6");
        p.put("server.port", "0");
        p.putAll(SandboxConnection.properties(salesforce, ordway));
        p.put("revloop.ordway.requests-per-second", "200");
        p.put("revloop.inbox.worker.instance-id", instanceId);
        p.put("revloop.inbox.worker.poll-interval", "100ms");
        p.put("revloop.inbox.in-memory.max-redeliveries", "1");
        p.put("revloop.inbox.in-memory.delay-ms", "20");
        p.put("revloop.inbox.in-memory.max-delay-ms", "100");
        // Everything Salesforce still holds on the very first start, so nothing published during start-up is missed.
        p.put("revloop.cdc.default-replay-id", "-2");
        p.put("revloop.cdc.echo.integration-user-id", salesforce.org().integrationUser());
        p.put("revloop.admin.user", ADMIN_USER);
        p.put("revloop.admin.password", ADMIN_PASSWORD);
        p.put("revloop.health.ordway-check-interval", "1h");
        p.put("management.endpoint.health.show-details", "always");
        p.putAll(overrides);
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RevloopApplication.class)
                .initializers(ctx -> {
                    GenericApplicationContext g = (GenericApplicationContext) ctx;
                    g.registerBean("e2eClock", Clock.class, () -> clock, bd -> bd.setPrimary(true));
                    g.getBeanFactory().registerSingleton("e2eExcludeTestConfigurations", new ExcludeOtherTests());
                })
                .run(args);
        apps.add(app);
        return app;
    }

    public ConfigurableApplicationContext startApp(String instanceId) {
        return startApp(instanceId, Map.of());
    }

    /** Stops the application (Camel context, worker, intake) as a deployment would. */
    public void stopApp(ConfigurableApplicationContext app) {
        app.close();
        apps.remove(app);
    }

    // --- Salesforce

    public String createAccount(String name) {
        return salesforce.org().create("Account", Map.of("Name", name));
    }

    public Map<String, Object> account(String id) {
        return salesforce.org().get(id).orElseThrow();
    }

    /** How often revloop wrote to the Account through the API (its change events carry a REST change origin). */
    public long apiWritesTo(String accountId) {
        return salesforce.org().changeEvents().stream()
                .filter(e -> "Account".equals(e.entityName()) && e.recordIds().contains(accountId)
                        && e.changeOrigin() != null && e.changeOrigin().contains("client="))
                .count();
    }

    /** Waits until the intake has stored (or skipped) every change event published so far. */
    public void awaitIntakeCaughtUp(java.time.Duration bound) {
        org.awaitility.Awaitility.await().atMost(bound).until(() -> {
            long latest = streaming.latestReplayId(CHANNEL).orElse(-1L);
            List<Long> stored = jdbc.queryForList("SELECT replay_id FROM cdc_checkpoint WHERE channel = ?",
                    Long.class, CHANNEL);
            return !stored.isEmpty() && stored.get(0) >= latest;
        });
    }

    public boolean synced(String accountId) {
        return "Synced".equals(account(accountId).get("Ordway_Sync_Status__c"));
    }

    // --- Ordway

    /** Every Ordway customer, by salesforce_id (a duplicate shows as a list longer than one). */
    public Map<String, List<JsonNode>> customersBySalesforceId() {
        Map<String, List<JsonNode>> out = new LinkedHashMap<>();
        for (int page = 1; ; page++) {
            JsonNode customers = ordway.company().get("/customers?size=50&page=" + page);
            if (customers.isEmpty()) {
                return out;
            }
            for (JsonNode c : customers) {
                out.computeIfAbsent(c.path("salesforce_id").asText(), k -> new ArrayList<>()).add(c);
            }
        }
    }

    /** Successful customer creates per salesforce_id, from the Ordway journal. */
    public Map<String, Long> customerCreatesBySalesforceId() {
        return ordway.journal().find("POST", ".*/customers").stream().filter(e -> e.status() / 100 == 2)
                .collect(Collectors.groupingBy(E2eSystems::salesforceIdOf, Collectors.counting()));
    }

    public long ordwayCalls(String method, String pathRegex) {
        return ordway.journal().find(method, pathRegex).size();
    }

    private static String salesforceIdOf(JournalEntry e) {
        try {
            return JSON.readTree(e.body()).path("salesforce_id").asText();
        } catch (Exception notJson) {
            return "";
        }
    }

    // --- revloop's database

    public Map<String, Long> inboxByStatus() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) n FROM inbox_event GROUP BY status",
                rs -> {
                    out.put(rs.getString("status"), rs.getLong("n"));
                });
        return out;
    }

    public long inboxEvents(String recordId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox_event WHERE record_id = ?", Long.class, recordId);
    }

    public long openDeadLetters() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE status = 'OPEN'", Long.class);
    }

    // --- HTTP against a running application

    public static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }

    public HttpResponse<String> admin(ConfigurableApplicationContext app, String method, String path, String body)
            throws Exception {
        String basic = Base64.getEncoder().encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(app) + path))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode health(ConfigurableApplicationContext app, String component) throws Exception {
        HttpResponse<String> r = admin(app, "GET", "/actuator/health/" + component, null);
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext app : List.copyOf(apps)) {
            app.close();
        }
        apps.clear();
        ordway.stop();
        salesforce.stop();
        database.drop();
    }

    /** Other test classes' @TestConfiguration beans are not part of the application. */
    static final class ExcludeOtherTests extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().hasAnnotation(TestConfiguration.class.getName())
                    || reader.getClassMetadata().getClassName().contains("Test$");
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
