package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A local Salesforce org behind a real HTTP server: OAuth, REST, and (when given a {@link StreamingEndpoint}) the
 * Streaming API. The login and the instance host are the same server, so {@code instance_url} is {@link #baseUrl()}.
 *
 * <pre>
 * SalesforceSandbox sf = SalesforceSandbox.builder().build();
 * sf.start(0);
 * String accountId = sf.org().create("Account", Map.of("Name", "Acme"));
 * </pre>
 */
public final class SalesforceSandbox {

    private final SandboxClock clock = new SandboxClock();
    private final SalesforceIds ids = new SalesforceIds();
    private final SObjectSchema schema;
    private final SalesforceCredentials credentials;
    private final SalesforceOrg org;
    private final TokenStore tokens;
    private final Logins logins;
    private final Faults faults = new Faults();
    private final ApiUsage apiUsage;
    private final StreamingEndpoint streaming;
    private final String refreshToken;
    private Server server;
    private volatile String baseUrl;
    private JwtKeystore jwtKeystore;

    /** Where the JWT bearer flow's signing key lives (PKCS12, one key entry) and its password. */
    public record JwtKeystore(Path path, String password) {
    }

    private SalesforceSandbox(Builder builder) {
        this.schema = SObjectSchema.load();
        this.credentials = builder.credentials != null ? builder.credentials : SalesforceCredentials.generate();
        this.streaming = builder.streaming;
        String orgId = SalesforceIds.withSuffix("00D" + ids.next("00D").substring(3, 15));
        this.org = new SalesforceOrg(schema, ids, clock, orgId, streaming);
        org.bootstrap(credentials.username(), "Integration", "User");
        this.tokens = new TokenStore(orgId, clock);
        this.logins = new Logins(credentials.clientId(), credentials.clientSecret(), org.integrationUser());
        logins.addUser(org.integrationUser(), credentials.username(), credentials.password());
        this.apiUsage = new ApiUsage(clock, builder.dailyApiRequests);
        this.refreshToken = tokens.issueRefreshToken(org.integrationUser(), credentials.clientId());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1:{@code port} (0 picks a free port) and serves until {@link #stop()}. */
    public synchronized SalesforceSandbox start(int port) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        QueryLocators locators = new QueryLocators();
        RestApi api = new RestApi(schema, locators, apiUsage);
        context.addServlet(new ServletHolder(new OAuthServlet(logins, tokens, clock, this::baseUrl)), "/services/oauth2/*");
        context.addServlet(new ServletHolder(new RestServlet(org, tokens, faults, apiUsage, api)), "/services/data/*");
        context.addServlet(new ServletHolder(new ControlServlet(this)), "/__sandbox/*");
        if (streaming != null) {
            streaming.install(context, tokens);
        }
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("Salesforce sandbox did not start", e);
        }
        server = jetty;
        baseUrl = "http://127.0.0.1:" + connector.getLocalPort();
        return this;
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            if (streaming != null) {
                streaming.stop();
            }
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            server = null;
        }
    }

    /** Both the login URL and the instance URL, e.g. {@code http://127.0.0.1:43121}. */
    public String baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("not started");
        }
        return baseUrl;
    }

    public SalesforceCredentials credentials() {
        return credentials;
    }

    /** A refresh token for the integration user and the connected app, as the web-server flow would have issued. */
    public String refreshToken() {
        return refreshToken;
    }

    /** A keystore whose certificate is registered with the connected app, for the JWT bearer flow. */
    public synchronized JwtKeystore jwtKeystore() {
        if (jwtKeystore == null) {
            jwtKeystore = createJwtKeystore();
        }
        return jwtKeystore;
    }

    public SalesforceOrg org() {
        return org;
    }

    public SObjectSchema schema() {
        return schema;
    }

    public Faults faults() {
        return faults;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public SandboxClock clock() {
        return clock;
    }

    public ApiUsage apiUsage() {
        return apiUsage;
    }

    private JwtKeystore createJwtKeystore() {
        // keytool is the one JDK tool that issues a self-signed certificate without internal APIs.
        try {
            Path dir = Files.createTempDirectory("sf-sandbox-jwt");
            Path file = dir.resolve("jwt.p12");
            String password = SalesforceCredentials.random(16);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "revloop", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password, "-keypass", password,
                    "-dname", "CN=revloop-sandbox")
                    .redirectErrorStream(true).start();
            keytool.getInputStream().readAllBytes();
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed");
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keyStore.load(in, password.toCharArray());
            }
            logins.registerJwtKey(keyStore.getCertificate("revloop").getPublicKey());
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return new JwtKeystore(file, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static final class Builder {
        private SalesforceCredentials credentials;
        private StreamingEndpoint streaming;
        private int dailyApiRequests = 100_000;

        public Builder credentials(SalesforceCredentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** The Streaming API half; without one the org has no {@code /cometd}. */
        public Builder streaming(StreamingEndpoint streaming) {
            this.streaming = streaming;
            return this;
        }

        public Builder dailyApiRequests(int max) {
            this.dailyApiRequests = max;
            return this;
        }

        public SalesforceSandbox build() {
            return new SalesforceSandbox(this);
        }
    }
}
