package io.revloop.sandbox.ordway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A local, stateful emulator of the Ordway REST API v1 on 127.0.0.1. Start it, point the Ordway client at
 * {@link #baseUrl()} with {@link #credentials()}, seed and inspect state through {@link #company()}, move time
 * with {@link #clock()} and {@link #runBilling(LocalDate)}, break the network with {@link #faults()}.
 */
public final class OrdwaySandbox implements AutoCloseable {

    private final OrdwayCredentials credentials;
    private final SandboxClock clock;
    private final Company company;
    private final Faults faults = new Faults();
    private final Journal journal = new Journal();
    private final Throttle throttle = new Throttle();
    private final ApiRouter router;
    private WireMockServer server;

    public OrdwaySandbox() {
        this(OrdwayCredentials.generate(), Instant.now());
    }

    public OrdwaySandbox(OrdwayCredentials credentials, Instant clockStart) {
        this.credentials = credentials;
        this.clock = new SandboxClock(clockStart);
        this.company = new Company(clock);
        this.router = new ApiRouter(company, credentials);
    }

    /**
     * Runs the sandbox on its own for the demo: {@code [port]} (default 8089). Prints the base URL and the
     * credentials generated for this run; Ctrl-C stops it.
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8089;
        OrdwaySandbox sandbox = new OrdwaySandbox().start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::stop));
        OrdwayCredentials credentials = sandbox.credentials();
        System.out.println("Ordway sandbox at " + sandbox.baseUrl());
        System.out.println("  X-API-KEY:      " + credentials.apiKey());
        System.out.println("  X-User-Company: " + credentials.company());
        System.out.println("  X-User-Email:   " + credentials.userEmail());
        System.out.println("  X-User-Token:   " + credentials.userToken());
        System.out.println("Controls: curl -XPOST " + sandbox.rootUrl() + "/__sandbox/clock -d '{\"advance\":\"P30D\"}'");
    }

    /** Starts on the given port, 0 for a free one. */
    public OrdwaySandbox start(int port) {
        ControlSurface control = new ControlSurface(this);
        server = new WireMockServer(wireMockConfig()
                .bindAddress("127.0.0.1")
                .port(port)
                .disableRequestJournal()
                .gzipDisabled(true)
                .containerThreads(16)
                .extensions(new OrdwayApiExtension(this, router, control), new StubIdentityRemover()));
        server.start();
        // One catch-all stub hands every request to the extension, which answers from the sandbox state.
        server.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(ResponseDefinitionBuilder.okForEmptyJson()));
        company.receivables.documentRoot(rootUrl() + OrdwayApiExtension.CONTROL_PREFIX + "/documents");
        return this;
    }

    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}: the control surface lives under {@code /__sandbox}. */
    public String rootUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:<port>/api/v1}, where Ordway's {@code https://api.ordwaylabs.com/api/v1} would be. */
    public String baseUrl() {
        return rootUrl() + OrdwayApiExtension.API_PREFIX;
    }

    public OrdwayCredentials credentials() {
        return credentials;
    }

    /** The four headers every Ordway call carries. */
    public Map<String, String> authHeaders() {
        return Map.of("X-API-KEY", credentials.apiKey(), "X-User-Company", credentials.company(),
                "X-User-Email", credentials.userEmail(), "X-User-Token", credentials.userToken());
    }

    public SandboxClock clock() {
        return clock;
    }

    public Company company() {
        return company;
    }

    public Faults faults() {
        return faults;
    }

    public Journal journal() {
        return journal;
    }

    Throttle throttle() {
        return throttle;
    }

    /** Answers 429 {"message":"Too Many Requests"} past this many API calls per second; 0 turns it off. */
    public void throttle(int requestsPerSecond) {
        throttle.limit(requestsPerSecond);
    }

    /** A billing run for everything ready by {@code targetDate}, invoiced on that date and posted. */
    public ObjectNode runBilling(LocalDate targetDate) {
        ObjectNode body = Json.object().put("target_date", targetDate.toString());
        return company.post("/billing_runs", body);
    }

    /** An external payment (check, wire) applied to one invoice. */
    public ObjectNode applyPayment(String invoiceId, BigDecimal amount) {
        ObjectNode invoice = company.invoice(invoiceId);
        ObjectNode body = Json.object().put("customer_id", invoice.get("customer_id").asText())
                .put("payment_amount", Json.money(amount)).put("currency", invoice.get("currency").asText())
                .put("payment_type", "External").put("payment_method", "Check");
        body.putArray("invoices").addObject().put("id", invoiceId).put("amount_applied", Json.money(amount));
        return company.post("/payments", body);
    }

    /** A failed electronic payment attempt on an invoice: recorded with status {@code Failed}, nothing applied. */
    public ObjectNode failPayment(String invoiceId, BigDecimal amount, String reason) {
        return company.locked(() -> company.receivables.failPayment(invoiceId, amount, reason, credentials.userEmail()));
    }

    public ObjectNode reverseInvoice(String invoiceId) {
        return company.put("/invoices/" + invoiceId + "/reverse", Json.object());
    }

    /** Posts a draft invoice (from a billing run with {@code auto_post: false}). */
    public ObjectNode postInvoice(String invoiceId) {
        return company.locked(() -> company.receivables.post(invoiceId, credentials.userEmail()));
    }

    /** Today on the sandbox clock, as a convenience for tests. */
    public LocalDate today() {
        return clock.today();
    }
}
