package io.revloop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revloop.closedwon.ClosedWonSync;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.yaml.snakeyaml.Yaml;

/**
 * The physical floor: the calls the Closed-Won, invoice and payment flows make, from a bare {@code java.net.http} client
 * with no engine, no database, no retries and no mapping files. revloop's figures divided by these show what the
 * engine costs.
 */
final class Floor {

    record Result(List<Long> latencies, double perSecond, double salesforcePerRecord, double ordwayPerRecord) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BenchRig rig;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String query;
    private final JsonNode products;
    private final AtomicInteger salesforceCalls = new AtomicInteger();
    private final AtomicInteger ordwayCalls = new AtomicInteger();
    private String token;
    private String instance;

    Floor(BenchRig rig) throws Exception {
        this.rig = rig;
        // exactly the relationship query revloop sends
        var field = ClosedWonSync.class.getDeclaredField("QUERY");
        field.setAccessible(true);
        this.query = (String) field.get(null);
        try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("revloop.bench.mappings", "mappings"),
                "lookups/products.yaml"))) {
            products = JSON.valueToTree(new Yaml().load(in)).get("entries");
        }
        login();
    }

    private void login() throws Exception {
        var c = rig.salesforce.credentials();
        String form = "grant_type=password&client_id=" + enc(c.clientId()) + "&client_secret=" + enc(c.clientSecret())
                + "&username=" + enc(c.username()) + "&password=" + enc(c.password());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rig.salesforce.baseUrl()
                + "/services/oauth2/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        token = answer.path("access_token").asText();
        instance = answer.path("instance_url").asText();
    }

    Result paced(List<String> deals, double rate) throws Exception {
        reset();
        List<Long> latencies = new ArrayList<>();
        long interval = (long) (1_000_000_000L / rate);
        long t0 = System.nanoTime();
        Instant start = Instant.now();
        for (int i = 0; i < deals.size(); i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Instant committed = rig.closeWon(deals.get(i));
            Instant created = sync(deals.get(i));
            latencies.add(Duration.between(committed, created).toMillis());
        }
        Collections.sort(latencies);
        return result(latencies, deals.size(), start);
    }

    Result burst(List<String> deals, int threads) throws Exception {
        reset();
        for (String id : deals) {
            rig.closeWon(id);
        }
        Instant start = Instant.now();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Instant>> done = new ArrayList<>();
        for (String id : deals) {
            done.add(pool.submit(() -> sync(id)));
        }
        for (Future<Instant> f : done) {
            f.get();
        }
        pool.shutdown();
        return result(List.of(), deals.size(), start);
    }

    /** One billing run, then every invoice page read and upserted into Salesforce 200 at a time. */
    Result invoices(LocalDate targetDate) throws Exception {
        reset();
        rig.ordway.runBilling(targetDate);
        Instant start = Instant.now();
        List<JsonNode> changed = pages("/invoices", changedSince(start.minusSeconds(120)));
        upsert("Ordway_Invoice__c", "Ordway_Invoice_Id__c", changed.stream().map(Floor::invoiceRecord).toList());
        return result(List.of(), Math.max(1, changed.size()), start);
    }

    /**
     * Every open invoice paid in full, then what carries that to Salesforce: the changed invoices read and upserted
     * (their status turns Paid), and the payments read, their Accounts found by one query per 200 customers, and
     * upserted into {@code Ordway_Payment__c}, 200 at a time.
     */
    Result payments() throws Exception {
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode invoice : pages("/invoices", "status=Posted")) {
            if (invoice.path("balance").asDouble() > 0) {
                open.add(invoice);
            }
        }
        Instant paid = Instant.now();
        for (JsonNode invoice : open) {
            rig.ordway.applyPayment(invoice.path("id").asText(), new BigDecimal(invoice.path("balance").asText()));
        }
        reset();
        Instant start = Instant.now();
        String since = changedSince(paid.minusSeconds(120));
        upsert("Ordway_Invoice__c", "Ordway_Invoice_Id__c",
                pages("/invoices", since).stream().map(Floor::invoiceRecord).toList());
        List<JsonNode> payments = pages("/payments", since);
        List<ObjectNode> records = new ArrayList<>();
        for (int from = 0; from < payments.size(); from += 200) {
            List<JsonNode> batch = payments.subList(from, Math.min(payments.size(), from + 200));
            String in = batch.stream().map(p -> "'" + p.path("customer_id").asText() + "'").distinct()
                    .reduce((x, y) -> x + "," + y).orElse("''");
            JsonNode accounts = salesforce("GET", "/query?q=" + enc("SELECT Id, Ordway_Customer_Id__c FROM Account"
                    + " WHERE Ordway_Customer_Id__c IN (" + in + ")"), null);
            Map<String, String> accountOf = new HashMap<>();
            accounts.path("records").forEach(x -> accountOf.put(x.path("Ordway_Customer_Id__c").asText(),
                    x.path("Id").asText()));
            for (JsonNode payment : batch) {
                ObjectNode r = JSON.createObjectNode();
                r.putObject("attributes").put("type", "Ordway_Payment__c");
                r.put("Name", payment.path("id").asText());
                r.put("Ordway_Payment_Id__c", payment.path("id").asText());
                r.put("Payment_Date__c", payment.path("payment_date").asText());
                r.put("Amount__c", payment.path("payment_amount").asDouble());
                r.put("Applied_Amount__c", payment.path("applied_amount").asDouble());
                r.put("Status__c", payment.path("status").asText());
                r.put("CurrencyIsoCode", payment.path("currency").asText());
                r.put("Account__c", accountOf.get(payment.path("customer_id").asText()));
                records.add(r);
            }
        }
        upsert("Ordway_Payment__c", "Ordway_Payment_Id__c", records);
        return result(List.of(), Math.max(1, open.size()), start);
    }

    /** Every record of a list resource matching {@code filter}, 50 per page sorted by update time. */
    private List<JsonNode> pages(String resource, String filter) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (int p = 1; ; p++) {
            JsonNode list = ordway("GET", resource + "?size=50&page=" + p + "&sort=updated_date,id&" + filter, null);
            list.forEach(all::add);
            if (list.size() < 50) {
                return all;
            }
        }
    }

    private static ObjectNode invoiceRecord(JsonNode inv) {
        ObjectNode r = JSON.createObjectNode();
        r.putObject("attributes").put("type", "Ordway_Invoice__c");
        r.put("Name", inv.path("id").asText());
        r.put("Ordway_Invoice_Id__c", inv.path("id").asText());
        r.put("Ordway_Customer_Id__c", inv.path("customer_id").asText());
        r.put("Amount__c", inv.path("invoice_amount").asDouble());
        r.put("Balance__c", inv.path("balance").asDouble());
        r.put("Status__c", inv.path("status").asText());
        return r;
    }

    private static String changedSince(Instant since) {
        return enc("updated_date>=") + "=" + enc(since.toString());
    }

    /** sObject Collections upsert, 200 records per call. */
    private void upsert(String type, String externalId, List<ObjectNode> records) throws Exception {
        for (int from = 0; from < records.size(); from += 200) {
            ObjectNode body = JSON.createObjectNode().put("allOrNone", false);
            body.putArray("records").addAll(records.subList(from, Math.min(records.size(), from + 200)));
            salesforce("PATCH", "/composite/sobjects/" + type + "/" + externalId, body);
        }
    }

    /** The Closed-Won flow's calls for one deal; returns when Ordway answered the subscription POST. */
    private Instant sync(String opportunityId) throws Exception {
        JsonNode opp = salesforce("GET", "/query?q=" + enc(query.formatted(opportunityId)), null)
                .path("records").get(0);
        String accountId = opp.path("AccountId").asText();
        JsonNode contact = opp.path("Billing_Contact__r");
        JsonNode found = ordway("GET", "/customers?salesforce_id=" + enc(accountId), null);
        // revloop's customer matching rule: one unlinked customer with the Account's name is adopted
        ordway("GET", "/customers?name=" + enc(opp.path("Account").path("Name").asText()), null);
        String customerId;
        if (found.size() > 0) {
            customerId = found.get(0).path("id").asText();
        } else {
            ObjectNode customer = JSON.createObjectNode().put("name", opp.path("Account").path("Name").asText())
                    .put("salesforce_id", accountId).put("currency", opp.path("CurrencyIsoCode").asText())
                    .put("payment_terms", opp.path("Payment_Terms__c").asText());
            customer.putArray("contacts").addObject().put("first_name", contact.path("FirstName").asText())
                    .put("last_name", contact.path("LastName").asText()).put("email", contact.path("Email").asText())
                    .put("salesforce_id", contact.path("Id").asText());
            customerId = ordway("POST", "/customers", customer).path("id").asText();
        }
        // contacts: read them, then set billing and shipping contacts on the customer
        JsonNode contacts = ordway("GET", "/customers/" + enc(customerId) + "/contacts", null);
        String contactId = contacts.size() > 0 ? contacts.get(0).path("id").asText() : "";
        ordway("PUT", "/customers/" + enc(customerId), JSON.createObjectNode()
                .put("billing_contact_id", contactId).put("shipping_contact_id", contactId));
        JsonNode existing = ordway("GET", "/subscriptions?salesforce_id=" + enc(opportunityId), null);
        String subscriptionId;
        Instant created;
        if (existing.size() > 0) {
            subscriptionId = existing.get(0).path("id").asText();
            created = Instant.now();
        } else {
            ObjectNode s = JSON.createObjectNode().put("customer_id", customerId).put("salesforce_id", opportunityId)
                    .put("contract_effective_date", opp.path("Contract_Start_Date__c").asText())
                    .put("service_start_date", opp.path("Service_Start_Date__c").asText())
                    .put("billing_start_date", opp.path("Billing_Start_Date__c").asText())
                    .put("contract_term", opp.path("Contract_Term_Months__c").asText().replace(".0", ""))
                    .put("currency", opp.path("CurrencyIsoCode").asText())
                    .put("billing_period", opp.path("Billing_Frequency__c").asText());
            ArrayNode plans = s.putArray("plans");
            for (JsonNode line : opp.path("OpportunityLineItems").path("records")) {
                JsonNode product = products.get(line.path("ProductCode").asText());
                plans.addObject().put("plan_id", product.path("plan_id").asText())
                        .put("charge_id", product.path("charge_id").asText())
                        .put("quantity", line.path("Quantity").asDouble())
                        .put("list_price", line.path("UnitPrice").asText())
                        .put("discount", line.path("Discount").asDouble());
            }
            subscriptionId = ordway("POST", "/subscriptions", s).path("id").asText();
            created = Instant.now();
        }
        ordway("PUT", "/subscriptions/" + enc(subscriptionId) + "/activate", JSON.createObjectNode());
        ObjectNode composite = JSON.createObjectNode().put("allOrNone", true);
        ArrayNode requests = composite.putArray("compositeRequest");
        requests.addObject().put("method", "PATCH").put("referenceId", "opp")
                .put("url", "/services/data/v62.0/sobjects/Opportunity/" + opportunityId)
                .putObject("body").put("Ordway_Customer_Id__c", customerId)
                .put("Ordway_Subscription_Id__c", subscriptionId).put("Ordway_Sync_Status__c", "Synced");
        requests.addObject().put("method", "PATCH").put("referenceId", "acc")
                .put("url", "/services/data/v62.0/sobjects/Account/" + accountId)
                .putObject("body").put("Ordway_Customer_Id__c", customerId);
        salesforce("POST", "/composite", composite);
        return created;
    }

    private JsonNode salesforce(String method, String path, JsonNode body) throws Exception {
        salesforceCalls.incrementAndGet();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instance + "/services/data/v62.0" + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Salesforce " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private JsonNode ordway(String method, String path, JsonNode body) throws Exception {
        ordwayCalls.incrementAndGet();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(rig.ordway.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        for (Map.Entry<String, String> h : rig.ordway.authHeaders().entrySet()) {
            b.header(h.getKey(), h.getValue());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Ordway " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private void reset() {
        salesforceCalls.set(0);
        ordwayCalls.set(0);
    }

    private Result result(List<Long> latencies, int records, Instant start) {
        double secs = Benchmark.seconds(start, Instant.now());
        return new Result(latencies, records / secs, (double) salesforceCalls.get() / records,
                (double) ordwayCalls.get() / records);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
