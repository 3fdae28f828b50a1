package io.revloop.closedwon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revloop.inbox.PermanentSyncException;
import io.revloop.mapping.MappingException;
import io.revloop.mapping.MappingRegistry;
import io.revloop.mapping.MappingResult;
import io.revloop.ordway.OrdwayFindOrCreate;
import io.revloop.ordway.OrdwayClient;
import io.revloop.salesforce.EchoGuard;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of {@code routes/salesforce-to-ordway-closed-won.camel.yaml}. The opportunity read by {@link #query} travels
 * in the exchange property {@value #DEAL}; each step adds the Ordway ids it found or made to it, so a retry repeats
 * only lookups (every create is find-or-create by {@code salesforce_id}).
 */
@Component("closedWon")
public class ClosedWonSync {

    public static final String DEAL = "closedWonDeal";
    public static final String SKIP = "closedWonSkip";
    static final String SUBSCRIPTION_MAPPING = "opportunity-to-ordway-subscription";
    static final String CUSTOMER_MAPPING = "account-to-ordway-customer";
    static final String CONTACT_MAPPING = "contact-to-ordway-contact";

    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");
    private static final String CONTACT_FIELDS = "Id, Name, FirstName, LastName, Email, Phone, MobilePhone, Title, "
            + "Department, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry, "
            + "Ordway_Contact_Id__c";
    /** One relationship query: the opportunity, its account, billing contact, contact roles and line items. */
    private static final String QUERY = "SELECT Id, Name, StageName, IsWon, CloseDate, CurrencyIsoCode, AccountId, "
            + "Billing_Frequency__c, Contract_Start_Date__c, Contract_Term_Months__c, Service_Start_Date__c, "
            + "Billing_Start_Date__c, Auto_Renew__c, Payment_Terms__c, Billing_Contact__c, Ordway_Customer_Id__c, "
            + "Ordway_Subscription_Id__c, Ordway_Sync_Status__c, "
            + "Account.Id, Account.Name, Account.Description, Account.Website, Account.CurrencyIsoCode, "
            + "Account.Ordway_Customer_Id__c, "
            + prefixed("Billing_Contact__r.", CONTACT_FIELDS) + ", "
            + "(SELECT Id, ProductCode, Quantity, UnitPrice, ListPrice, Discount, TotalPrice, ServiceDate "
            + "FROM OpportunityLineItems), "
            + "(SELECT ContactId, Role, IsPrimary, " + prefixed("Contact.", CONTACT_FIELDS)
            + " FROM OpportunityContactRoles) FROM Opportunity WHERE Id = '%s'";

    private final MappingRegistry mappings;
    private final ProducerTemplate template;
    private final OrdwayClient ordway;
    private final ClosedWonProperties settings;
    private final EchoGuard echo;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String apiVersion;

    public ClosedWonSync(MappingRegistry mappings, ProducerTemplate template, OrdwayClient ordway,
            ClosedWonProperties settings, EchoGuard echo, ObjectMapper mapper, Clock clock,
            @Value("${camel.component.salesforce.api-version:62.0}") String apiVersion) {
        this.mappings = mappings;
        this.template = template;
        this.ordway = ordway;
        this.settings = settings;
        this.echo = echo;
        this.mapper = mapper;
        this.clock = clock;
        this.apiVersion = apiVersion;
    }

    /** The SOQL that reads everything the flow needs; the id is checked, so it cannot change the query. */
    public String query(String opportunityId) {
        if (opportunityId == null || !SALESFORCE_ID.matcher(opportunityId).matches()) {
            throw new PermanentSyncException("not an Opportunity id: " + opportunityId);
        }
        return QUERY.formatted(opportunityId);
    }

    /**
     * Takes the query result. Sets {@value #SKIP} to the reason when there is nothing to do: the opportunity is gone,
     * is no longer Closed Won, or already has its subscription (a re-close, a duplicate event, a later edit).
     */
    public void read(Exchange exchange) throws Exception {
        JsonNode result = mapper.readTree(exchange.getMessage().getBody(String.class));
        JsonNode records = result.path("records");
        String id = exchange.getMessage().getHeader("RevloopRecordId", String.class);
        String skip = null;
        if (records.isEmpty()) {
            skip = "Opportunity " + id + " no longer exists";
        } else {
            ObjectNode opp = (ObjectNode) records.get(0);
            exchange.setProperty(DEAL, opp);
            if (!"Closed Won".equals(opp.path("StageName").asText())) {
                skip = "Opportunity " + id + " is " + opp.path("StageName").asText() + ", not Closed Won";
            } else if (!text(opp, "Ordway_Subscription_Id__c").isEmpty()) {
                skip = "Opportunity " + id + " already has subscription " + text(opp, "Ordway_Subscription_Id__c");
            }
        }
        exchange.setProperty(SKIP, skip);
    }

    /** Checks what a subscription cannot be made without, naming the opportunity field the rep has to fill. */
    public void validate(Exchange exchange) {
        ObjectNode opp = deal(exchange);
        String id = text(opp, "Id");
        if (opp.path("OpportunityLineItems").path("records").isEmpty()) {
            throw new PermanentSyncException("Opportunity " + id + ": OpportunityLineItems: the opportunity has no "
                    + "products; add the products sold and save it again");
        }
        for (String field : List.of("Contract_Start_Date__c", "Contract_Term_Months__c")) {
            if (text(opp, field).isEmpty()) {
                throw new PermanentSyncException("Opportunity " + id + ": " + field + " is empty; fill it in and "
                        + "save the opportunity again");
            }
        }
    }

    /**
     * The Account's Ordway customer: the id the Account carries, else the customer whose {@code salesforce_id} is the
     * Account's (also one the Account flow made), else one found by the configured matching rule (adopted by setting
     * its {@code salesforce_id}), else a new one.
     */
    public void customer(Exchange exchange) throws Exception {
        ObjectNode opp = deal(exchange);
        ObjectNode account = (ObjectNode) opp.path("Account");
        String oppId = text(opp, "Id");
        if (!text(account, "Ordway_Customer_Id__c").isEmpty()) {
            return;
        }
        String accountId = text(opp, "AccountId");
        JsonNode existing = first(ordway(oppId, "GET", "/customers", "salesforce_id=" + enc(accountId), null),
                "salesforce_id", accountId);
        String matchField = settings.customerMatchField();
        if (existing == null && !matchField.isBlank() && !text(account, "Name").isEmpty()) {
            JsonNode candidates = ordway(oppId, "GET", "/customers", enc(matchField) + "="
                    + enc(text(account, "Name")), null);
            List<JsonNode> free = new ArrayList<>();
            candidates.forEach(c -> {
                if (text(account, "Name").equals(c.path(matchField).asText())
                        && c.path("salesforce_id").asText("").isEmpty()) {
                    free.add(c);
                }
            });
            if (free.size() == 1) {
                String customerId = free.get(0).path("id").asText();
                existing = ordway(oppId, "PUT", "/customers/" + enc(customerId), null,
                        Map.of("salesforce_id", accountId));
            }
        }
        if (existing == null) {
            Map<String, Object> body = new LinkedHashMap<>(map(oppId, CUSTOMER_MAPPING, account));
            // Created with its contacts, or Ordway adds a default contact named after the customer that bills nobody.
            List<Map<String, Object>> contacts = new ArrayList<>();
            for (JsonNode contact : billingAndShipping(opp)) {
                // the mapping requires customer_id; the embedded form has none, so a placeholder is mapped and dropped
                Map<String, Object> c = contactBody(oppId, "new", (ObjectNode) contact);
                if (contacts.stream().noneMatch(x -> x.get("salesforce_id").equals(c.get("salesforce_id")))) {
                    contacts.add(c);
                }
            }
            if (!contacts.isEmpty()) {
                body.put("contacts", contacts);
            }
            existing = findOrCreate(oppId, "customers", accountId, body);
        }
        account.put("Ordway_Customer_Id__c", existing.path("id").asText());
        opp.put("customerCreatedOrLinked", true);
    }

    /**
     * Creates or updates the billing contact (Billing_Contact__c, else the Billing Contact role, else the primary
     * contact role) and the shipping contact (Shipping Contact role, else the billing contact) and makes them the
     * customer's billing and shipping contacts.
     */
    public void contacts(Exchange exchange) throws Exception {
        ObjectNode opp = deal(exchange);
        String oppId = text(opp, "Id");
        String customerId = opp.path("Account").path("Ordway_Customer_Id__c").asText();
        List<JsonNode> both = billingAndShipping(opp);
        if (both.isEmpty()) {
            return;
        }
        JsonNode billing = both.get(0);
        JsonNode shipping = both.get(1);
        String billingId = contact(oppId, customerId, (ObjectNode) billing);
        String shippingId = text(shipping, "Id").equals(text(billing, "Id")) ? billingId
                : contact(oppId, customerId, (ObjectNode) shipping);
        ordway(oppId, "PUT", "/customers/" + enc(customerId), null,
                Map.of("billing_contact_id", billingId, "shipping_contact_id", shippingId));
        opp.put("billContactId", billingId);
        opp.put("shippingContactId", shippingId);
        opp.put("billContactSfId", text(billing, "Id"));
        opp.put("shippingContactSfId", text(shipping, "Id"));
    }

    /**
     * Billing contact (Billing_Contact__c, else the Billing Contact role, else the primary contact role) and shipping
     * contact (Shipping Contact role, else the billing contact); empty when the opportunity names no contact.
     */
    private List<JsonNode> billingAndShipping(ObjectNode opp) {
        JsonNode billing = opp.path("Billing_Contact__r");
        if (!billing.isObject()) {
            billing = role(opp, "Billing Contact");
        }
        if (billing == null) {
            billing = primary(opp);
        }
        if (billing == null) {
            return List.of();
        }
        JsonNode shipping = role(opp, "Shipping Contact");
        return List.of(billing, shipping == null ? billing : shipping);
    }

    private Map<String, Object> contactBody(String oppId, String customerId, ObjectNode contact) {
        ObjectNode source = contact.deepCopy();
        source.putObject("Account").put("Ordway_Customer_Id__c", customerId);
        MappingResult mapped = mapResult(oppId, CONTACT_MAPPING, source);
        Map<String, Object> body = new LinkedHashMap<>(mapped.documentOwnedBy("salesforce"));
        body.remove("customer_id");
        return body;
    }

    private String contact(String oppId, String customerId, ObjectNode contact) throws Exception {
        Map<String, Object> body = contactBody(oppId, customerId, contact);
        String ordwayId = text(contact, "Ordway_Contact_Id__c");
        String path = "customers/" + customerId + "/contacts";
        if (!ordwayId.isEmpty()) {
            ordway(oppId, "PUT", "/" + path + "/" + enc(ordwayId), null, body);
            return ordwayId;
        }
        String id = findOrCreate(oppId, path, text(contact, "Id"), body).path("id").asText();
        contact.put("Ordway_Contact_Id__c", id);
        return id;
    }

    /** Finds (by the opportunity id in {@code salesforce_id}) or creates the subscription and activates it. */
    public void subscription(Exchange exchange) throws Exception {
        ObjectNode opp = deal(exchange);
        String oppId = text(opp, "Id");
        Map<String, Object> body = new LinkedHashMap<>(map(oppId, SUBSCRIPTION_MAPPING, opp));
        for (String[] f : new String[][] {{"bill_contact_id", "billContactId"},
                {"shipping_contact_id", "shippingContactId"}, {"bill_contact_sf_id", "billContactSfId"},
                {"shipping_contact_sf_id", "shippingContactSfId"}}) {
            if (!text(opp, f[1]).isEmpty()) {
                body.put(f[0], text(opp, f[1]));
            }
        }
        JsonNode subscription = findOrCreate(oppId, "subscriptions", oppId, body);
        if (settings.activate() && "Draft".equals(subscription.path("status").asText())) {
            subscription = ordway(oppId, "PUT", "/subscriptions/" + enc(subscription.path("id").asText())
                    + "/activate", null, Map.of());
        }
        opp.set("subscription", subscription);
    }

    /**
     * The write-back after success, as one composite request: the Opportunity (ids, Synced), the Account (customer
     * id), new contact ids and the charge line ids of the line items. Recorded with the echo guard first, so the change
     * events of this write are never taken for a rep's edit, however quickly they arrive.
     */
    public void synced(Exchange exchange) throws Exception {
        ObjectNode opp = deal(exchange);
        JsonNode subscription = opp.path("subscription");
        String customerId = opp.path("Account").path("Ordway_Customer_Id__c").asText();
        List<Map<String, Object>> requests = new ArrayList<>();
        Map<String, Object> oppFields = new LinkedHashMap<>();
        oppFields.put("Ordway_Customer_Id__c", customerId);
        oppFields.put("Ordway_Subscription_Id__c", subscription.path("id").asText());
        oppFields.put("Ordway_Sync_Status__c", "Synced");
        oppFields.put("Ordway_Sync_Error__c", null);
        oppFields.put("Ordway_Last_Synced__c", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        requests.add(patch("Opportunity", text(opp, "Id"), oppFields));
        if (opp.path("customerCreatedOrLinked").asBoolean()) {
            requests.add(patch("Account", text(opp, "AccountId"), Map.of("Ordway_Customer_Id__c", customerId,
                    "Ordway_Sync_Status__c", "Synced")));
        }
        Map<String, String> contactIds = new LinkedHashMap<>();
        collectContact(opp.path("Billing_Contact__r"), contactIds);
        opp.path("OpportunityContactRoles").path("records").forEach(r -> collectContact(r.path("Contact"), contactIds));
        contactIds.forEach((sfId, ordwayId) ->
                requests.add(patch("Contact", sfId, Map.of("Ordway_Contact_Id__c", ordwayId))));
        Map<String, String> lineIds = new LinkedHashMap<>();
        subscription.path("plans").forEach(line -> {
            String sfId = line.path("custom_fields").path("salesforce_id").asText("");
            if (!sfId.isEmpty()) {
                lineIds.put(sfId, line.path("subscription_line_id").asText());
            }
        });
        // A composite request holds 25 subrequests; line ids are a convenience and give way first.
        lineIds.entrySet().stream().limit(Math.max(0, 25 - requests.size())).forEach(e -> requests.add(
                patch("OpportunityLineItem", e.getKey(), Map.of("Ordway_Charge_Line_Id__c", e.getValue()))));
        composite(exchange, requests);
    }

    /** The write-back after a permanent failure: Error and the reason, for the rep, on the Opportunity. */
    public void failed(Exchange exchange) throws Exception {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String id = exchange.getMessage().getHeader("RevloopRecordId", String.class);
        String message = cause == null ? "unknown error" : cause.getMessage();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Ordway_Sync_Status__c", "Error");
        fields.put("Ordway_Sync_Error__c", message.length() > 2000 ? message.substring(0, 2000) : message);
        exchange.setProperty("closedWonFailure", cause);
        composite(exchange, List.of(patch("Opportunity", id, fields)));
    }

    /** Fails the exchange with the cause {@link #failed} reported, so the event is dead-lettered with it. */
    public void rethrow(Exchange exchange) throws Exception {
        throw exchange.getProperty("closedWonFailure", Exception.class);
    }

    /** Every subrequest of the composite answer must have succeeded (allOrNone rolls back the rest). */
    public void checkWriteBack(Exchange exchange) throws Exception {
        JsonNode answer = mapper.readTree(exchange.getMessage().getBody(String.class));
        for (JsonNode sub : answer.path("compositeResponse")) {
            int status = sub.path("httpStatusCode").asInt();
            if (status >= 300) {
                String detail = sub.path("body").toString();
                String message = "Salesforce write-back " + sub.path("referenceId").asText() + " failed (" + status
                        + "): " + detail;
                if (status >= 500 || detail.contains("UNABLE_TO_LOCK_ROW")) {
                    throw new io.revloop.inbox.TransientSyncException(message, (java.time.Duration) null);
                }
                throw new PermanentSyncException(message);
            }
        }
    }

    private void composite(Exchange exchange, List<Map<String, Object>> requests) throws Exception {
        for (Map<String, Object> r : requests) {
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) r.get("body");
            echo.recordWrite((String) r.get("object"), (String) r.get("id"), body);
            r.remove("object");
            r.remove("id");
        }
        Map<String, Object> composite = new LinkedHashMap<>();
        composite.put("allOrNone", true);
        composite.put("compositeRequest", requests);
        exchange.getMessage().setBody(mapper.writeValueAsString(composite));
        exchange.getMessage().setHeader("rawPath", "/services/data/v" + apiVersion + "/composite");
    }

    private Map<String, Object> patch(String object, String id, Map<String, ?> fields) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("method", "PATCH");
        r.put("url", "/services/data/v" + apiVersion + "/sobjects/" + object + "/" + id);
        r.put("referenceId", object + "_" + id);
        r.put("body", new LinkedHashMap<>(fields));
        r.put("object", object);
        r.put("id", id);
        return r;
    }

    private static void collectContact(JsonNode contact, Map<String, String> out) {
        if (contact != null && contact.isObject() && contact.has("Id")
                && !contact.path("Ordway_Contact_Id__c").asText("").isEmpty()) {
            out.put(contact.path("Id").asText(), contact.path("Ordway_Contact_Id__c").asText());
        }
    }

    private JsonNode role(ObjectNode opp, String role) {
        for (JsonNode r : opp.path("OpportunityContactRoles").path("records")) {
            if (role.equals(r.path("Role").asText()) && r.path("Contact").isObject()) {
                return r.path("Contact");
            }
        }
        return null;
    }

    private JsonNode primary(ObjectNode opp) {
        for (JsonNode r : opp.path("OpportunityContactRoles").path("records")) {
            if (r.path("IsPrimary").asBoolean() && r.path("Contact").isObject()) {
                return r.path("Contact");
            }
        }
        return null;
    }

    private Map<String, Object> map(String oppId, String mapping, JsonNode source) {
        return mapResult(oppId, mapping, source).document();
    }

    private MappingResult mapResult(String oppId, String mapping, JsonNode source) {
        try {
            return mappings.apply(mapping, mapper.convertValue(source, Map.class));
        } catch (MappingException e) {
            String message = e.getMessage();
            throw new PermanentSyncException(message.contains(oppId) ? message
                    : "Opportunity " + oppId + ": " + message, e);
        }
    }

    private JsonNode findOrCreate(String oppId, String resource, String key, Map<String, Object> body)
            throws Exception {
        Exchange result = template.request("direct:ordway-find-or-create", ex -> {
            ex.getMessage().setHeader(OrdwayFindOrCreate.RESOURCE, resource);
            ex.getMessage().setHeader(OrdwayFindOrCreate.KEY_FIELD, "salesforce_id");
            ex.getMessage().setHeader(OrdwayFindOrCreate.KEY_VALUE, key);
            ex.getMessage().setBody(mapper.writeValueAsString(body));
        });
        if (result.getException() != null) {
            throw rejected(oppId, result.getException());
        }
        return mapper.readTree(result.getMessage().getBody(String.class));
    }

    private JsonNode ordway(String oppId, String method, String path, String query, Object body) throws Exception {
        Exchange result = ordway.call(method, path, query, body == null ? null : mapper.writeValueAsString(body));
        if (result.getException() != null) {
            throw rejected(oppId, result.getException());
        }
        String text = result.getMessage().getBody(String.class);
        return text == null || text.isBlank() ? mapper.nullNode() : mapper.readTree(text);
    }

    /**
     * A 422 from Ordway is a validation error no retry fixes: it becomes a permanent failure naming the opportunity
     * and the Salesforce field behind the rejected value. Anything else is left to the worker's classifier.
     */
    private static Exception rejected(String oppId, Exception e) {
        if (e instanceof HttpOperationFailedException http && (http.getStatusCode() == 422
                || http.getStatusCode() == 400)) {
            String answer = http.getResponseBody() == null ? "" : http.getResponseBody();
            String field = answer.toLowerCase().contains("currency") ? "CurrencyIsoCode"
                    : answer.toLowerCase().contains("billing period") ? "Billing_Frequency__c"
                    : answer.toLowerCase().contains("plan") || answer.toLowerCase().contains("charge")
                            ? "OpportunityLineItems.ProductCode" : "unknown field";
            return new PermanentSyncException("Opportunity " + oppId + ": " + field + ": Ordway rejected the value ("
                    + http.getStatusCode() + " " + answer.replaceAll("\\s+", " ") + ")", e);
        }
        return e;
    }

    private static JsonNode first(JsonNode list, String field, String value) {
        for (JsonNode candidate : list) {
            if (value.equals(candidate.path(field).asText(null))) {
                return candidate;
            }
        }
        return null;
    }

    private static ObjectNode deal(Exchange exchange) {
        return exchange.getProperty(DEAL, ObjectNode.class);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String prefixed(String prefix, String fields) {
        return prefix + String.join(", " + prefix, fields.split(",\\s*"));
    }
}
