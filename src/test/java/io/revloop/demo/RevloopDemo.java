package io.revloop.demo;

import io.revloop.testing.SandboxConnection;
import io.revloop.RevloopApplication;
import io.revloop.sandbox.ordway.OrdwayCredentials;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.CometdStreaming;
import io.revloop.sandbox.salesforce.SalesforceCredentials;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import io.revloop.sandbox.salesforce.StreamingSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;

/**
 * {@code mvn spring-boot:test-run}: revloop with its embedded database against both sandboxes, on fixed loopback
 * ports, with a seeded org and catalogue. Prints the URLs and generated credentials so the sandboxes can be called
 * with curl on the real APIs' paths. {@code --trickle} (or REVLOOP_DEMO_TRICKLE=true) adds a steady stream of
 * business events.
 */
public final class RevloopDemo {

    private RevloopDemo() {
    }

    public static void main(String[] args) {
        int salesforcePort = Integer.parseInt(setting("REVLOOP_DEMO_SALESFORCE_PORT", "8481"));
        int ordwayPort = Integer.parseInt(setting("REVLOOP_DEMO_ORDWAY_PORT", "8482"));
        String appPort = setting("SERVER_PORT", "8080");
        boolean trickle = Arrays.asList(args).contains("--trickle")
                || Boolean.parseBoolean(setting("REVLOOP_DEMO_TRICKLE", "false"));

        CometdStreaming streaming = new CometdStreaming(StreamingSettings.defaults());
        SalesforceSandbox salesforce = SalesforceSandbox.builder()
                .credentials(SalesforceCredentials.generate()).streaming(streaming).build();
        streaming.useClock(salesforce.clock()::now);
        salesforce.start(salesforcePort);
        OrdwaySandbox ordway = new OrdwaySandbox(OrdwayCredentials.generate(), java.time.Instant.now()).start(ordwayPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ordway.stop();
            salesforce.stop();
        }, "demo-sandboxes-stop"));

        DemoCatalog catalog = DemoCatalog.load(Path.of(setting("REVLOOP_MAPPINGS", "mappings")));
        DemoWorld world = new DemoWorld(salesforce.org(), catalog).seed(ordway, ordway.today());

        // The sandboxes live in memory, so the demo's database must start empty too: a checkpoint or inbox left
        // by an earlier run would point at events these sandboxes never had.
        Path dataDir = Path.of(setting("REVLOOP_DEMO_DATA_DIR", "target/demo-data"));
        deleteRecursively(dataDir);
        String adminPassword = setting("REVLOOP_ADMIN_PASSWORD", randomToken(18));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("revloop.demo", "true");
        settings.put("server.port", appPort);
        settings.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.toAbsolutePath() + "/revloop"
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        settings.putAll(SandboxConnection.properties(salesforce, ordway));
        settings.put("revloop.admin.password", adminPassword);
        settings.put("revloop.encryption.key", setting("REVLOOP_ENCRYPTION_KEY", randomKey()));
        // System properties outrank application.yml, whose ${ENV:default} placeholders would otherwise win.
        settings.forEach(System::setProperty);

        SpringApplication.run(RevloopApplication.class, args);

        String admin = setting("REVLOOP_ADMIN_USER", "admin");
        System.out.println(banner(salesforce, ordway, appPort, admin, adminPassword, world, trickle));
        if (trickle) {
            new BusinessTrickle(world, ordway).start();
        }
    }

    private static String banner(SalesforceSandbox sf, OrdwaySandbox ordway, String appPort, String admin,
                                 String adminPassword, DemoWorld world, boolean trickle) {
        SalesforceCredentials c = sf.credentials();
        Map<String, String> h = ordway.authHeaders();
        StringBuilder ordwayHeaders = new StringBuilder();
        h.forEach((k, v) -> ordwayHeaders.append(" -H '").append(k).append(": ").append(v).append("'"));
        return """

                ==================================================================================================
                 revloop demo is running (%d open deals seeded%s)

                 revloop        http://127.0.0.1:%s   admin API user %s, password %s
                   curl -u %s:%s http://127.0.0.1:%s/admin/dead-letters
                   curl -u %s:%s http://127.0.0.1:%s/actuator/health

                 Salesforce     %s   (OAuth, REST /services/data/v62.0, Streaming /cometd/62.0)
                   client_id %s   client_secret %s
                   username  %s   password %s
                   TOKEN=$(curl -s %s/services/oauth2/token -d grant_type=password -d client_id=%s \\
                       -d client_secret=%s -d username=%s -d password=%s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                   curl -s -H "Authorization: Bearer $TOKEN" "%s/services/data/v62.0/query/?q=SELECT+Id,Name,StageName+FROM+Opportunity"
                   Close a deal: curl -s -X PATCH -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                       -d '{"StageName":"Closed Won"}' %s/services/data/v62.0/sobjects/Opportunity/<id>

                 Ordway         %s
                   curl -s%s %s/customers
                   Advance its clock: curl -s -X POST -H 'Content-Type: application/json' -d '{"advance":"P30D"}' %s/__sandbox/clock
                   Run billing:       curl -s -X POST %s/__sandbox/billing-run
                ==================================================================================================
                """.formatted(world.openDeals(), trickle ? ", business-event trickle on" : "",
                appPort, admin, adminPassword, admin, adminPassword, appPort, admin, adminPassword, appPort,
                sf.baseUrl(), c.clientId(), c.clientSecret(), c.username(), c.password(),
                sf.baseUrl(), c.clientId(), c.clientSecret(), c.username(), c.password(), sf.baseUrl(), sf.baseUrl(),
                ordway.baseUrl(), ordwayHeaders, ordway.baseUrl(), ordway.rootUrl(), ordway.rootUrl());
    }

    static String setting(String env, String fallback) {
        String value = System.getenv(env);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
