package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The state of one Ordway company. Every read and write runs under one lock: the sandbox favours obviously
 * consistent state (an invoice, its payments and the customer balance always agree) over throughput.
 */
public final class Company {

    private final ReentrantLock lock = new ReentrantLock();
    private final SandboxClock clock;
    private final Set<String> currencies = new LinkedHashSet<>(List.of("USD", "EUR", "GBP", "CAD", "AUD"));
    private String defaultCurrency = "USD";
    private Instant lastStamp = Instant.EPOCH;
    private LocalDate lastDay;
    private ApiRouter router;

    final Customers customers;
    final Catalog catalog;
    final Subscriptions subscriptions;
    final Schedules schedules;
    final Receivables receivables;

    Company(SandboxClock clock) {
        this.clock = clock;
        this.customers = new Customers(this);
        this.catalog = new Catalog(this);
        this.schedules = new Schedules(this);
        this.subscriptions = new Subscriptions(this);
        this.receivables = new Receivables(this);
        this.lastDay = clock.today();
        clock.onChange(this::dayChanged);
    }

    void attach(ApiRouter router) {
        this.router = router;
    }

    // ---- seeding and assertions, as the sandbox's own user, without HTTP --------------------------------

    /** Creates a record the way {@code POST /api/v1/<path>} would; for seeding tests and the demo. */
    public ObjectNode post(String path, Object body) {
        return (ObjectNode) call("POST", path, body);
    }

    public ObjectNode put(String path, Object body) {
        return (ObjectNode) call("PUT", path, body);
    }

    /** A copy of a record or a list, e.g. {@code get("/invoices?customer_id=C-00001")}. */
    public JsonNode get(String path) {
        return call("GET", path, null);
    }

    public ObjectNode customer(String id) {
        return (ObjectNode) get("/customers/" + id);
    }

    public ObjectNode subscription(String id) {
        return (ObjectNode) get("/subscriptions/" + id);
    }

    public ObjectNode invoice(String id) {
        return (ObjectNode) get("/invoices/" + id);
    }

    public ObjectNode payment(String id) {
        return (ObjectNode) get("/payments/" + id);
    }

    /** Every version a subscription went through, oldest first. */
    public ArrayNode subscriptionVersions(String id) {
        return locked(() -> subscriptions.versions(id));
    }

    /** All invoices of a customer, unpaged. */
    public ArrayNode invoicesOf(String customerId) {
        return locked(() -> {
            ArrayNode result = Json.array();
            receivables.invoices.all().stream()
                    .filter(invoice -> invoice.path("customer_id").asText().equals(customerId))
                    .forEach(invoice -> result.add(receivables.view(invoice)));
            return result;
        });
    }

    public Set<String> currencies() {
        return locked(() -> Set.copyOf(currencies));
    }

    public void enableCurrencies(String... codes) {
        locked(() -> currencies.addAll(List.of(codes)));
    }

    public void disableCurrency(String code) {
        locked(() -> currencies.remove(code));
    }

    /** The email the sandbox acts as for seeding calls made through this class. */
    String apiUser() {
        return router.credentials().userEmail();
    }

    public String defaultCurrency() {
        return defaultCurrency;
    }

    public void defaultCurrency(String code) {
        locked(() -> {
            currencies.add(code);
            defaultCurrency = code;
            return null;
        });
    }

    private JsonNode call(String method, String path, Object body) {
        int q = path.indexOf('?');
        Map<String, List<String>> query = ApiRequest.parseQuery(q < 0 ? null : path.substring(q + 1));
        JsonNode json = body == null ? Json.object()
                : body instanceof String text ? Json.parse(text) : Json.MAPPER.valueToTree(body);
        ApiRequest request = new ApiRequest(method, q < 0 ? path : path.substring(0, q), query, json,
                router.credentials().userEmail());
        return router.handle(request);
    }

    // ---- internals used by the resource handlers -------------------------------------------------------

    <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    SandboxClock clock() {
        return clock;
    }

    LocalDate today() {
        return clock.today();
    }

    /** Strictly increasing, so {@code updated_date>} polling never loses a write made in the same milli. */
    String stamp() {
        Instant now = clock.now();
        if (!now.isAfter(lastStamp)) {
            now = lastStamp.plusMillis(1);
        }
        lastStamp = now;
        return Json.timestamp(now);
    }

    void created(ObjectNode row, String user) {
        String now = stamp();
        row.put("created_by", user).put("updated_by", user).put("created_date", now).put("updated_date", now);
    }

    void updated(ObjectNode row, String user) {
        row.put("updated_by", user).put("updated_date", stamp());
    }

    String currency(JsonNode body, String fallback) {
        String currency = Json.text(body, "currency", fallback == null ? defaultCurrency : fallback);
        if (!currencies.contains(currency)) {
            throw ApiException.unprocessable("Currency " + currency + " is not enabled for this company");
        }
        return currency;
    }

    /** Catches up with the calendar: renewals and expiries, revenue recognition. */
    void catchUp() {
        locked(() -> {
            LocalDate today = clock.today();
            if (!today.equals(lastDay)) {
                lastDay = today;
                subscriptions.endTerms(today);
                schedules.refreshAll();
            }
            return null;
        });
    }

    private void dayChanged(LocalDate today) {
        catchUp();
    }
}
