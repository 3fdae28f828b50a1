package io.revloop.sandbox.ordway;

import static io.revloop.sandbox.ordway.OrdwayTestClient.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrdwayApiConventionsTest {

    private static OrdwaySandbox sandbox;
    private static OrdwayTestClient client;

    @BeforeAll
    static void start() {
        sandbox = new OrdwaySandbox(OrdwayCredentials.generate(), Instant.parse("2026-01-05T09:00:00Z")).start(0);
        client = new OrdwayTestClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    @Test
    void everyAuthHeaderIsChecked() {
        assertThat(client.get("/customers").status()).isEqualTo(200);

        for (String header : new String[] {"X-User-Email", "X-User-Token", "X-User-Company"}) {
            OrdwayTestClient.Response wrong = client.withHeader(header, "wrong").get("/customers");
            assertThat(wrong.status()).as(header).isEqualTo(401);
            assertThat(wrong.body()).isEqualTo("{\"error\":{\"status\":401,\"title\":\"Invalid Email/Token combination.\"}}");
            assertThat(client.withHeader(header, null).get("/customers").status()).as(header + " missing").isEqualTo(401);
        }

        OrdwayTestClient.Response badKey = client.withHeader("X-API-KEY", "nope").get("/customers");
        assertThat(badKey.status()).isEqualTo(403);
        assertThat(badKey.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(client.withHeader("X-API-KEY", null).get("/customers").status()).isEqualTo(403);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        OrdwayTestClient lowerCase = client.withHeader("X-API-KEY", null)
                .withHeader("x-api-key", sandbox.credentials().apiKey());
        assertThat(lowerCase.get("/products").status()).isEqualTo(200);
    }

    @Test
    void customerCreateAddsDefaultContactAsBillingAndShipping() {
        OrdwayTestClient.Response created = client.post("/customers",
                "{\"name\":\"Acme Corp\",\"payment_terms\":\"Net 30\",\"currency\":null,\"unknown_field\":42}");

        assertThat(created.status()).isEqualTo(200);
        JsonNode customer = created.json();
        assertThat(customer.get("id").asText()).matches("C-\\d{5}");
        assertThat(customer.get("balance").asText()).isEqualTo("0.00");
        assertThat(customer.get("currency").asText()).isEqualTo("USD");
        assertThat(customer.has("unknown_field")).isFalse();
        assertThat(customer.get("created_by").asText()).isEqualTo(sandbox.credentials().userEmail());
        assertThat(customer.get("created_date").asText()).matches("2026-01-05T09:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode contact = customer.get("contacts").get(0);
        assertThat(contact.get("id").asText()).matches("CT-\\d{5}");
        assertThat(contact.get("display_name").asText()).isEqualTo("Acme Corp");
        assertThat(customer.get("billing_contact_id").asText()).isEqualTo(contact.get("id").asText());
        assertThat(customer.get("shipping_contact_id").asText()).isEqualTo(contact.get("id").asText());
    }

    @Test
    void customersKeepClientIdsAndNestContacts() {
        ObjectNode body = Json.object().put("id", "C-ACME-7").put("name", "Acme Seven").put("salesforce_id", "001xx7");
        body.putArray("contacts").addObject().put("first_name", "Ada").put("last_name", "Lovelace")
                .put("email", "ada@acme.test");
        JsonNode customer = client.post("/customers", body).json();
        assertThat(customer.get("id").asText()).isEqualTo("C-ACME-7");
        assertThat(customer.get("billing_contact_email").asText()).isEqualTo("ada@acme.test");

        String contactId = customer.get("contacts").get(0).get("id").asText();
        JsonNode second = client.post("/customers/C-ACME-7/contacts",
                Json.object().put("first_name", "Grace").put("email", "grace@acme.test")).json();
        assertThat(second.get("customer_id").asText()).isEqualTo("C-ACME-7");

        JsonNode updated = client.put("/customers/C-ACME-7/contacts/" + contactId,
                Json.object().put("city", "London")).json();
        assertThat(updated.get("city").asText()).isEqualTo("London");
        assertThat(client.get("/customers/C-ACME-7/contacts/" + contactId).json().get("city").asText()).isEqualTo("London");

        JsonNode reread = client.get("/customers/C-ACME-7").json();
        assertThat(reread.get("contacts")).hasSize(2);
        assertThat(client.put("/customers/C-ACME-7", Json.object().put("website", "https://acme.test")).json()
                .get("website").asText()).isEqualTo("https://acme.test");
        assertThat(client.post("/customers", Json.object().put("id", "C-ACME-7").put("name", "Dup")).status())
                .isEqualTo(422);
    }

    @Test
    void unknownIdsAnswer404InOrdwaysShape() {
        OrdwayTestClient.Response missing = client.get("/customers/C-99999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/errors/status").asInt()).isEqualTo(404);
        assertThat(missing.json().at("/errors/source").asText()).isEqualTo("customers");
        assertThat(client.get("/invoices/INV-99999").status()).isEqualTo(404);
        assertThat(client.get("/customers/C-99999/contacts/CT-1").status()).isEqualTo(404);
    }

    @Test
    void validationErrorsAre422WithDetails() {
        OrdwayTestClient.Response noName = client.post("/customers", Json.object().put("description", "x"));
        assertThat(noName.status()).isEqualTo(422);
        assertThat(noName.json().at("/errors/details/message").asText()).isEqualTo("Name can't be blank");

        OrdwayTestClient.Response yen = client.post("/customers", Json.object().put("name", "Tokyo KK").put("currency", "JPY"));
        assertThat(yen.status()).isEqualTo(422);
        assertThat(yen.json().at("/errors/details/message").asText()).contains("JPY");

        sandbox.company().enableCurrencies("JPY");
        assertThat(client.post("/customers", Json.object().put("name", "Tokyo KK").put("currency", "JPY")).json()
                .get("currency").asText()).isEqualTo("JPY");
    }

    @Test
    void listsAreBareArraysPagedUntilEmpty() {
        String tag = "paging-" + System.nanoTime();
        for (int i = 0; i < 7; i++) {
            client.post("/products", Json.object().put("name", "Widget " + i).put("sku", tag).put("price", 12.5));
        }
        JsonNode page1 = client.get("/products?sku=" + tag + "&page=1&size=3").json();
        JsonNode page3 = client.get("/products?sku=" + tag + "&page=3&size=3").json();
        JsonNode page4 = client.get("/products?sku=" + tag + "&page=4&size=3").json();
        assertThat(page1.isArray()).isTrue();
        assertThat(page1).hasSize(3);
        assertThat(page3).hasSize(1);
        assertThat(page4.isArray()).isTrue();
        assertThat(page4).isEmpty();
        assertThat(page1.get(0).get("price").asText()).isEqualTo("12.50");

        JsonNode sorted = client.get("/products?sku=" + tag + "&sort=name%20desc&size=2").json();
        assertThat(sorted.get(0).get("name").asText()).isEqualTo("Widget 6");
        assertThat(client.get("/products?size=500").json().size()).isLessThanOrEqualTo(ListQuery.MAX_SIZE);
    }

    @Test
    void filtersByUpdatedDateOperatorsAndEquality() {
        String first = CatalogFixtures.customer(client, "Filter One");
        sandbox.clock().advance(java.time.Duration.ofHours(1));
        String cutoff = Json.timestamp(sandbox.clock().now());
        sandbox.clock().advance(java.time.Duration.ofMinutes(1));
        String second = CatalogFixtures.customer(client, "Filter Two");
        client.put("/customers/" + second, Json.object().put("salesforce_id", "001FILTER2"));
        ObjectNode customFields = Json.object();
        customFields.putObject("custom_fields").put("region", "EMEA");
        client.put("/customers/" + second, customFields);

        JsonNode after = client.get("/customers?" + param("updated_date>", cutoff) + "&size=50").json();
        assertThat(ids(after)).contains(second).doesNotContain(first);
        JsonNode before = client.get("/customers?" + param("updated_date<=", cutoff) + "&size=50").json();
        assertThat(ids(before)).contains(first).doesNotContain(second);
        JsonNode microseconds = client.get("/customers?" + param("updated_date>", cutoff.replace("Z", "000Z"))).json();
        assertThat(ids(microseconds)).contains(second);

        assertThat(ids(client.get("/customers?salesforce_id=001FILTER2").json())).containsExactly(second);
        assertThat(ids(client.get("/customers?" + param("custom_fields.region", "EMEA")).json()))
                .containsExactly(second);
        assertThat(ids(client.get("/customers?name=Filter%20One&status=Active").json()))
                .containsExactly(first);
        assertThat(client.get("/customers?" + param("created_date>", LocalDate.of(2030, 1, 1).toString())).json())
                .isEmpty();
    }

    static java.util.List<String> ids(JsonNode list) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        list.forEach(row -> ids.add(row.get("id").asText()));
        return ids;
    }
}
