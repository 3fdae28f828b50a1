package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Customers with their contacts. Contacts live in their own table and are embedded when a customer is read, so
 * editing a contact does not touch the customer's {@code updated_date} (why the Singer tap syncs customers in full).
 */
final class Customers {

    private static final Set<String> CUSTOMER_FIELDS = Set.of("name", "description", "parent_customer",
            "bill_to_parent", "website", "customer_type", "payment_terms", "billing_cycle_day", "status",
            "billing_batch", "tax_exempt", "auto_pay", "edit_auto_pay", "price_book_id", "delivery_preferences",
            "payment_gateway_id", "gateway_name", "salesforce_id", "hubspot_id", "custom_fields",
            "billing_contact_id", "shipping_contact_id");
    private static final Set<String> CONTACT_FIELDS = Set.of("display_name", "first_name", "last_name", "email",
            "phone", "mobile", "job_title", "department", "notes", "address1", "address2", "city", "county",
            "state", "zip", "country", "salesforce_id", "accounting_email", "custom_fields");

    final ResourceTable customers = new ResourceTable("customers", "Customer", "C-", CUSTOMER_FIELDS);
    final ResourceTable contacts = new ResourceTable("contacts", "Contact", "CT-", CONTACT_FIELDS);
    private final Company company;

    Customers(Company company) {
        this.company = company;
    }

    JsonNode handle(ApiRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 1) {
            return switch (method) {
                case "GET" -> ListQuery.apply(customers.all(), request.query(), ListQuery.MAX_SIZE, this::view);
                case "POST" -> create(request.body(), request.userEmail());
                default -> throw ApiException.noRoute(request.path());
            };
        }
        String id = s.get(1);
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> view(customers.get(id));
                case "PUT" -> update(id, request.body(), request.userEmail());
                default -> throw ApiException.noRoute(request.path());
            };
        }
        if (s.get(2).equals("contacts")) {
            ObjectNode customer = customers.get(id);
            if (s.size() == 3) {
                return switch (method) {
                    case "GET" -> ListQuery.apply(contactsOf(id), request.query(), ListQuery.MAX_SIZE, ObjectNode::deepCopy);
                    case "POST" -> addContact(customer, request.body(), request.userEmail()).deepCopy();
                    default -> throw ApiException.noRoute(request.path());
                };
            }
            ObjectNode contact = contactOf(id, s.get(3));
            return switch (method) {
                case "GET" -> contact.deepCopy();
                case "PUT" -> updateContact(contact, request.body(), request.userEmail());
                default -> throw ApiException.noRoute(request.path());
            };
        }
        throw ApiException.noRoute(request.path());
    }

    ObjectNode view(ObjectNode customer) {
        ObjectNode view = customer.deepCopy();
        ArrayNode embedded = view.putArray("contacts");
        contactsOf(customer.get("id").asText()).forEach(contact -> embedded.add(contact.deepCopy()));
        view.put("billing_contact_email", emailOf(customer.path("billing_contact_id").asText()));
        view.put("shipping_contact_email", emailOf(customer.path("shipping_contact_id").asText()));
        return view;
    }

    private ObjectNode create(JsonNode body, String user) {
        if (Json.text(body, "name", null) == null) {
            throw ApiException.unprocessable("Name can't be blank");
        }
        String id = customers.idFor(body);
        ObjectNode customer = Json.object().put("id", id);
        customer.put("name", "").put("description", "").put("parent_customer", "").put("bill_to_parent", false)
                .put("website", "").put("customer_type", "business").put("payment_terms", "Net 30")
                .put("billing_cycle_day", "1st Day Of The Month").put("billing_contact_id", "")
                .put("shipping_contact_id", "").put("status", "Active").put("billing_batch", "Default")
                .put("tax_exempt", false).put("balance", "0.00").put("auto_pay", false).put("edit_auto_pay", false)
                .put("currency", company.currency(body, null)).put("price_book_id", "")
                .put("cmrr", "0.00").put("discounted_cmrr", "0.00").put("carr", "0.00").put("discounted_carr", "0.00");
        customer.putObject("delivery_preferences").put("print", false).put("email", true);
        customer.putObject("custom_fields");
        customer.putNull("last_invoiced_at");
        customers.copyWritable(body, customer);
        customer.put("id", id);
        company.created(customer, user);
        customers.put(customer);

        List<ObjectNode> created = new ArrayList<>();
        for (JsonNode contact : contactList(body.get("contacts"))) {
            created.add(addContact(customer, contact, user));
        }
        if (created.isEmpty()) {
            // Ordway creates a contact named after the customer and bills and ships to it.
            created.add(addContact(customer, Json.object().put("display_name", customer.get("name").asText()), user));
        }
        String first = created.get(0).get("id").asText();
        if (customer.path("billing_contact_id").asText().isEmpty()) {
            customer.put("billing_contact_id", first);
        }
        if (customer.path("shipping_contact_id").asText().isEmpty()) {
            customer.put("shipping_contact_id", first);
        }
        return view(customer);
    }

    private ObjectNode update(String id, JsonNode body, String user) {
        ObjectNode customer = customers.get(id);
        if (body.has("currency")) {
            customer.put("currency", company.currency(body, null));
        }
        customers.copyWritable(body, customer);
        for (String field : List.of("billing_contact_id", "shipping_contact_id")) {
            String contactId = customer.path(field).asText();
            if (!contactId.isEmpty()) {
                contactOf(id, contactId);
            }
        }
        company.updated(customer, user);
        return view(customer);
    }

    private ObjectNode addContact(ObjectNode customer, JsonNode body, String user) {
        String customerId = customer.get("id").asText();
        ObjectNode contact = Json.object().put("id", contacts.idFor(body)).put("customer_id", customerId);
        for (String field : CONTACT_FIELDS) {
            if (!field.equals("custom_fields") && !field.equals("accounting_email")) {
                contact.put(field, "");
            }
        }
        contact.putObject("custom_fields");
        contacts.copyWritable(body, contact);
        if (contact.path("display_name").asText().isEmpty()) {
            String name = (contact.path("first_name").asText() + " " + contact.path("last_name").asText()).trim();
            contact.put("display_name", name.isEmpty() ? customer.get("name").asText() : name);
        }
        company.created(contact, user);
        contacts.put(contact);
        return contact;
    }

    private ObjectNode updateContact(ObjectNode contact, JsonNode body, String user) {
        contacts.copyWritable(body, contact);
        company.updated(contact, user);
        return contact.deepCopy();
    }

    ObjectNode contactOf(String customerId, String contactId) {
        return contacts.find(contactId)
                .filter(contact -> contact.get("customer_id").asText().equals(customerId))
                .orElseThrow(() -> ApiException.notFound("contacts", "Contact", contactId));
    }

    private List<ObjectNode> contactsOf(String customerId) {
        return contacts.all().stream().filter(c -> c.get("customer_id").asText().equals(customerId)).toList();
    }

    private String emailOf(String contactId) {
        return contacts.find(contactId).map(c -> c.path("email").asText()).orElse("");
    }

    /** An address snapshot as invoices embed it: the contact's fields without its id. */
    ObjectNode addressSnapshot(String contactId) {
        ObjectNode snapshot = Json.object();
        contacts.find(contactId).ifPresent(contact -> {
            for (String field : List.of("display_name", "first_name", "last_name", "email", "phone", "address1",
                    "address2", "city", "state", "zip", "country")) {
                snapshot.set(field, contact.path(field).deepCopy());
            }
        });
        return snapshot;
    }

    void addToBalance(String customerId, BigDecimal delta, String user) {
        ObjectNode customer = customers.get(customerId);
        customer.put("balance", Json.money(Json.decimal(customer.get("balance"), BigDecimal.ZERO).add(delta)));
        company.updated(customer, user);
    }

    /** Keeps the customer's recurring revenue in step with its active subscriptions. */
    void refreshMetrics(String customerId, String user) {
        ObjectNode customer = customers.get(customerId);
        BigDecimal cmrr = BigDecimal.ZERO;
        BigDecimal discounted = BigDecimal.ZERO;
        for (ObjectNode subscription : company.subscriptions.table.all()) {
            if (subscription.get("customer_id").asText().equals(customerId)
                    && subscription.get("status").asText().equals(Subscriptions.ACTIVE)) {
                cmrr = cmrr.add(Json.decimal(subscription.get("cmrr"), BigDecimal.ZERO));
                discounted = discounted.add(Json.decimal(subscription.get("discounted_cmrr"), BigDecimal.ZERO));
            }
        }
        BigDecimal twelve = BigDecimal.valueOf(12);
        ObjectNode before = customer.deepCopy();
        customer.put("cmrr", Json.money(cmrr)).put("discounted_cmrr", Json.money(discounted))
                .put("carr", Json.money(cmrr.multiply(twelve))).put("discounted_carr", Json.money(discounted.multiply(twelve)));
        if (!before.equals(customer)) {
            company.updated(customer, user);
        }
    }

    private static List<JsonNode> contactList(JsonNode contacts) {
        List<JsonNode> result = new ArrayList<>();
        if (contacts == null || contacts.isNull()) {
            return result;
        }
        // The Ruby SDK sends a single object, the UI an array.
        if (contacts.isObject()) {
            result.add(contacts);
        } else {
            contacts.forEach(result::add);
        }
        return result;
    }
}
