package io.revloop.bench;

import io.revloop.testing.SandboxConnection;
import io.revloop.demo.DemoCatalog;
import io.revloop.sandbox.ordway.OrdwayCredentials;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.CometdStreaming;
import io.revloop.sandbox.salesforce.SalesforceCredentials;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import io.revloop.sandbox.salesforce.StreamingSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Both sandboxes in this JVM on loopback, the product catalogue from {@code mappings/lookups/products.yaml}, a
 * PostgreSQL schema of its own that survives revloop's restarts, and a generator of open deals ready to close.
 */
final class BenchRig implements AutoCloseable {

    static final String SALES_REP = "bench.rep@revloop-bench.example";
    private static final Map<String, BigDecimal> RATES = Map.of("USD", BigDecimal.ONE, "EUR", new BigDecimal("0.92"),
            "GBP", new BigDecimal("0.79"));
    private static final String[] FREQUENCIES = {"Monthly", "Quarterly", "Annually"};

    final SalesforceSandbox salesforce;
    final CometdStreaming streaming;
    final OrdwaySandbox ordway;
    final String dbUrl;
    final String schema;
    final Path workDir;
    private final DemoCatalog catalog;
    private final Map<String, Map<String, String>> priceBookEntries;
    private final String salesRepId;
    private final Random random;
    private int dealCount;

    BenchRig(String name, long seed) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        this.random = new Random(seed);
        this.workDir = Path.of("target", name);
        streaming = new CometdStreaming(StreamingSettings.forTests(Clock.systemUTC()));
        salesforce = SalesforceSandbox.builder().credentials(SalesforceCredentials.generate()).streaming(streaming)
                .dailyApiRequests(10_000_000).build();
        streaming.useClock(salesforce.clock()::now);
        salesforce.start(0);
        ordway = new OrdwaySandbox(OrdwayCredentials.generate(), Instant.now()).start(0);
        ordway.journal().capacity(2_000_000);
        catalog = DemoCatalog.load(Path.of(System.getProperty("revloop.bench.mappings", "mappings")));
        catalog.seedOrdway(ordway);
        priceBookEntries = catalog.seedSalesforce(salesforce.org());
        salesRepId = salesforce.org().create("User", Map.of("Username", SALES_REP, "FirstName", "Bench",
                "LastName", "Rep", "Email", SALES_REP, "Alias", "brep"));
        dbUrl = System.getProperty("revloop.bench.db-url", "jdbc:postgresql://127.0.0.1:5432/test");
        schema = name.replace('-', '_') + "_" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        sql("CREATE SCHEMA " + schema);
    }

    /** Open opportunities with an account, a billing contact and three line items, not yet closed. */
    List<String> openDeals(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(openDeal());
        }
        return ids;
    }

    private String openDeal() {
        int n = ++dealCount;
        String currency = List.of("USD", "EUR", "GBP").get(n % 3);
        var org = salesforce.org();
        String account = org.create("Account", Map.of("Name", "Bench Customer " + n, "CurrencyIsoCode", currency,
                "BillingCity", "Berlin", "BillingCountry", "Germany", "OwnerId", salesRepId, "Type", "Prospect"));
        String contact = org.create("Contact", Map.of("FirstName", "Pat", "LastName", "Buyer" + n,
                "Email", "pat" + n + "@customer" + n + ".example", "AccountId", account,
                "MailingStreet", n + " Bench Street", "MailingCity", "Berlin", "MailingCountry", "Germany"));
        LocalDate start = ordway.today().plusDays(1);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("Name", "Bench deal " + n);
        f.put("AccountId", account);
        f.put("StageName", "Negotiation/Review");
        f.put("CloseDate", ordway.today().toString());
        f.put("CurrencyIsoCode", currency);
        f.put("Pricebook2Id", org.standardPricebookId());
        f.put("OwnerId", salesRepId);
        f.put("Billing_Frequency__c", FREQUENCIES[n % 3]);
        f.put("Contract_Start_Date__c", start.toString());
        f.put("Service_Start_Date__c", start.toString());
        f.put("Billing_Start_Date__c", start.toString());
        f.put("Contract_Term_Months__c", 12);
        f.put("Auto_Renew__c", true);
        f.put("Payment_Terms__c", "Net 30");
        f.put("Billing_Contact__c", contact);
        String opp = org.create("Opportunity", f);
        org.create("OpportunityContactRole", Map.of("OpportunityId", opp, "ContactId", contact,
                "Role", "Billing Contact", "IsPrimary", true));
        line(opp, "PLAT-USER", currency, 10 + random.nextInt(40), BigDecimal.ZERO);
        line(opp, "SEATS-VOL", currency, 5 + random.nextInt(60), BigDecimal.ZERO);
        line(opp, "ONBOARD", currency, 1, BigDecimal.TEN);
        return opp;
    }

    private void line(String opp, String code, String currency, int quantity, BigDecimal discount) {
        BigDecimal price = catalog.listPrice(code).multiply(RATES.get(currency)).setScale(2, RoundingMode.HALF_UP);
        salesforce.org().create("OpportunityLineItem", Map.of("OpportunityId", opp,
                "PricebookEntryId", priceBookEntries.get(code).get(currency), "Quantity", quantity,
                "UnitPrice", price, "Discount", discount));
    }

    /** The rep closes the deal; returns the instant the org committed the change. */
    Instant closeWon(String opportunityId) {
        salesforce.org().updateAs(salesRepId, "Opportunity", opportunityId, Map.of("StageName", "Closed Won"));
        return Instant.now();
    }

    /** The rep edits an Account; returns the instant the org committed the change. */
    Instant editAccount(String accountId, Map<String, Object> fields) {
        salesforce.org().updateAs(salesRepId, "Account", accountId, fields);
        return Instant.now();
    }

    /** A throw-away key per rig: the child process is killed and restarted, so it must outlive one JVM of revloop. */
    private static final String ENCRYPTION_KEY = randomKey();

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    /** System properties that point revloop at the sandboxes and the schema (the postgres profile's settings). */
    Map<String, String> appProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.profiles.active", "postgres");
        p.put("spring.datasource.url", dbUrl + "?currentSchema=" + schema);
        p.put("spring.datasource.username", System.getProperty("revloop.bench.db-user", "postgres"));
        p.put("spring.datasource.password", System.getProperty("revloop.bench.db-password", ""));
        p.put("spring.flyway.schemas", schema);
        p.put("spring.flyway.default-schema", schema);
        p.putAll(SandboxConnection.properties(salesforce, ordway));
        p.put("revloop.encryption.key", ENCRYPTION_KEY);
        p.put("revloop.cdc.default-replay-id", afterSeeds());
        p.put("logging.level.root", "WARN");
        p.put("logging.level.io.revloop", "WARN");
        return p;
    }

    /**
     * Where revloop's first subscription starts: after the change events of the rig's own set-up (accounts, contacts,
     * open deals), which are not business events and would otherwise be replayed and worked through first.
     */
    String afterSeeds() {
        return String.valueOf(streaming.latestReplayId("/data/ChangeEvents").orElse(-1L));
    }

    void sql(String statement) {
        try (Connection c = DriverManager.getConnection(dbUrl, System.getProperty("revloop.bench.db-user", "postgres"),
                System.getProperty("revloop.bench.db-password", "")); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (Exception e) {
            throw new IllegalStateException(statement, e);
        }
    }

    Connection connection() throws java.sql.SQLException {
        Connection c = DriverManager.getConnection(dbUrl, System.getProperty("revloop.bench.db-user", "postgres"),
                System.getProperty("revloop.bench.db-password", ""));
        c.setSchema(schema);
        return c;
    }

    @Override
    public void close() {
        ordway.stop();
        salesforce.stop();
        if (!Boolean.getBoolean("revloop.bench.keep-schema")) {
            sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
