package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a person with curl and the API docs sees: describe, versions, error shapes and wording. */
class RestHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SalesforceSandbox sandbox;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SalesforceSandbox.builder().build().start(0);
        HttpResponse<String> login = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + sandbox.credentials().clientId() + "&client_secret=" + sandbox.credentials().clientSecret())).build(),
                HttpResponse.BodyHandlers.ofString());
        token = JSON.readTree(login.body()).get("access_token").asText();
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    @Test
    void versionsNeedNoSessionAndCarryNoLimitHeader() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/data/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Sforce-Limit-Info")).isEmpty();
        JsonNode v62 = null;
        for (JsonNode version : JSON.readTree(response.body())) {
            if (version.get("version").asText().equals("62.0")) {
                v62 = version;
            }
        }
        assertThat(v62).isNotNull();
        assertThat(v62.get("label").asText()).isEqualTo("Winter '25");
        assertThat(v62.get("url").asText()).isEqualTo("/services/data/v62.0");
    }

    @Test
    void describeIsGeneratedFromTheSchema() throws Exception {
        HttpResponse<String> global = call("GET", "sobjects/", null);
        assertThat(global.statusCode()).isEqualTo(200);
        assertThat(global.headers().firstValue("Sforce-Limit-Info")).hasValueSatisfying(v -> assertThat(v).startsWith("api-usage="));
        List<String> names = new ArrayList<>();
        JSON.readTree(global.body()).get("sobjects").forEach(o -> names.add(o.get("name").asText()));
        assertThat(names).contains("Account", "Opportunity", "OpportunityLineItem", "Ordway_Invoice__c", "User");

        JsonNode opportunity = JSON.readTree(call("GET", "sobjects/Opportunity/describe/", null).body());
        assertThat(opportunity.get("keyPrefix").asText()).isEqualTo("006");
        JsonNode stage = field(opportunity, "StageName");
        assertThat(stage.get("type").asText()).isEqualTo("picklist");
        assertThat(stage.get("nillable").asBoolean()).isFalse();
        assertThat(stage.get("picklistValues")).extracting(v -> v.get("value").asText()).contains("Closed Won");
        assertThat(field(opportunity, "Type").get("picklistValues")).extracting(v -> v.get("value").asText()).contains("Renewal");
        assertThat(field(opportunity, "IsWon").get("calculated").asBoolean()).isTrue();
        assertThat(field(opportunity, "IsWon").get("createable").asBoolean()).isFalse();
        assertThat(field(opportunity, "AccountId").get("referenceTo")).extracting(JsonNode::asText).containsExactly("Account");
        assertThat(field(opportunity, "Ordway_Subscription_Id__c").get("externalId").asBoolean()).isTrue();
        assertThat(opportunity.get("childRelationships")).extracting(c -> c.get("relationshipName").asText())
                .contains("OpportunityLineItems");

        assertThat(call("GET", "sobjects/Nope__c/describe", null).statusCode()).isEqualTo(404);
    }

    @Test
    void errorShapesAndWording() throws Exception {
        HttpResponse<String> unauthenticated = HTTP.send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/services/data/v62.0/limits/")).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.body()).isEqualTo("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");

        HttpResponse<String> notFound = call("GET", "sobjects/Account/" + SalesforceIds.withSuffix("001Dm0000ZZZZZZ"), null);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).isEqualTo("[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]");

        HttpResponse<String> unknownField = call("POST", "sobjects/Account", "{\"Name\":\"A\",\"Foo\":1}");
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(unknownField.body()).isEqualTo("[{\"message\":\"No such column 'Foo' on sobject of type Account\",\"errorCode\":\"INVALID_FIELD\"}]");

        HttpResponse<String> readOnly = call("POST", "sobjects/Opportunity",
                "{\"Name\":\"A\",\"StageName\":\"Prospecting\",\"CloseDate\":\"2026-01-01\",\"IsWon\":true}");
        assertThat(JSON.readTree(readOnly.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(JSON.readTree(readOnly.body()).get(0).get("fields")).extracting(JsonNode::asText).containsExactly("IsWon");

        String id = sandbox.org().create("Account", Map.of("Name", "Deleted Co"));
        sandbox.org().delete("Account", id);
        HttpResponse<String> deleted = call("PATCH", "sobjects/Account/" + id, "{\"Name\":\"x\"}");
        assertThat(deleted.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(deleted.body()).get(0).get("errorCode").asText()).isEqualTo("ENTITY_IS_DELETED");
    }

    @Test
    void soqlErrorsAndQueryAll() throws Exception {
        HttpResponse<String> malformed = query("query", "SELECT Id FROM Account WHERE");
        assertThat(malformed.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(malformed.body()).get(0);
        assertThat(error.get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(error.get("message").asText()).isEqualTo("\nSELECT Id FROM Account WHERE\n"
                + " ".repeat(28) + "^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'");

        JsonNode badField = JSON.readTree(query("query", "SELECT Id, Nmae FROM Account").body()).get(0);
        assertThat(badField.get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(badField.get("message").asText()).contains("ERROR at Row:1:Column:12\nNo such column 'Nmae' on entity 'Account'.");

        JsonNode badType = JSON.readTree(query("query", "SELECT Id FROM Acount").body()).get(0);
        assertThat(badType.get("errorCode").asText()).isEqualTo("INVALID_TYPE");

        JsonNode quoted = JSON.readTree(query("query", "SELECT Id FROM Opportunity WHERE Amount > '5'").body()).get(0);
        assertThat(quoted.get("message").asText())
                .endsWith("value of filter criterion for field 'Amount' must be of type double and should not be enclosed in quotes");

        String gone = sandbox.org().create("Account", Map.of("Name", "Recycle Bin Co"));
        sandbox.org().delete("Account", gone);
        String soql = "SELECT Id, IsDeleted FROM Account WHERE Name = 'Recycle Bin Co'";
        assertThat(JSON.readTree(query("query", soql).body()).get("totalSize").asInt()).isZero();
        JsonNode all = JSON.readTree(query("queryAll", soql).body());
        assertThat(all.get("totalSize").asInt()).isEqualTo(1);
        assertThat(all.get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
    }

    @Test
    void whereOperatorsOnEachType() throws Exception {
        sandbox.org().create("Account", Map.of("Name", "Filter 'A'", "Ordway_Balance__c", 10, "Ordway_Last_Invoice_Date__c", "2026-01-15",
                "Industry", "Filtering"));
        sandbox.org().create("Account", Map.of("Name", "Filter B", "Ordway_Balance__c", 20, "Ordway_Last_Synced__c", "2026-02-01T10:00:00Z",
                "Industry", "Filtering"));
        sandbox.org().create("Account", Map.of("Name", "Filter C", "Industry", "Filtering"));
        String base = "SELECT Name FROM Account WHERE Industry = 'Filtering' AND ";
        assertThat(names(base + "Name = 'Filter \\'A\\''")).containsExactly("Filter 'A'");
        assertThat(names(base + "Ordway_Balance__c >= 10 ORDER BY Ordway_Balance__c DESC")).containsExactly("Filter B", "Filter 'A'");
        assertThat(names(base + "Ordway_Balance__c != 10 ORDER BY Name")).containsExactly("Filter B", "Filter C");
        assertThat(names(base + "Ordway_Balance__c = null")).containsExactly("Filter C");
        assertThat(names(base + "Name IN ('Filter B', 'filter c') ORDER BY Name DESC")).containsExactly("Filter C", "Filter B");
        assertThat(names(base + "Name NOT IN ('Filter B') ORDER BY Name")).containsExactly("Filter 'A'", "Filter C");
        assertThat(names(base + "Ordway_Last_Invoice_Date__c < 2026-02-01")).containsExactly("Filter 'A'");
        assertThat(names(base + "Ordway_Last_Synced__c > 2026-02-01T09:00:00.000+0000")).containsExactly("Filter B");
        assertThat(names(base + "NOT (Name LIKE 'filter _') ORDER BY Name")).containsExactly("Filter 'A'");
        assertThat(names(base + "CreatedDate = TODAY ORDER BY Name LIMIT 2 OFFSET 1")).containsExactly("Filter B", "Filter C");
        assertThat(JSON.readTree(query("query", "SELECT COUNT() FROM Account WHERE Industry = 'Filtering'").body())
                .get("totalSize").asInt()).isEqualTo(3);
    }

    @Test
    void multiLevelParentsFifteenCharacterIdsAndExternalIdReads() throws Exception {
        String account = sandbox.org().create("Account", Map.of("Name", "Deep Co", "Ordway_Customer_Id__c", "C-DEEP"));
        String contact = sandbox.org().create("Contact", Map.of("LastName", "Deep", "AccountId", account.substring(0, 15)));
        assertThat(sandbox.org().get(contact).orElseThrow()).containsEntry("AccountId", account);

        JsonNode record = JSON.readTree(query("query", "SELECT Account.Owner.Name FROM Contact WHERE AccountId = '"
                + account.substring(0, 15) + "'").body()).get("records").get(0);
        assertThat(record.get("Account").get("Owner").get("Name").asText()).isEqualTo("Integration User");
        assertThat(record.get("Account").get("Owner").get("attributes").get("type").asText()).isEqualTo("User");

        assertThat(call("PATCH", "sobjects/Contact/" + contact.substring(0, 15), "{\"Title\":\"VP\"}").statusCode()).isEqualTo(204);
        assertThat(sandbox.org().get(contact).orElseThrow()).containsEntry("Title", "VP");

        JsonNode byExternalId = JSON.readTree(call("GET", "sobjects/Account/Ordway_Customer_Id__c/C-DEEP?fields=Name", null).body());
        assertThat(byExternalId.get("Name").asText()).isEqualTo("Deep Co");
        HttpResponse<String> notExternal = call("GET", "sobjects/Account/Name/Deep%20Co", null);
        assertThat(notExternal.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(notExternal.body()).get(0).get("message").asText())
                .isEqualTo("Provided external ID field does not exist or is not accessible: Name");
    }

    @Test
    void controlSurfaceArmsFaultsAndExpiresTokens() throws Exception {
        HttpResponse<String> armed = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/__sandbox/faults?fault=SERVICE_UNAVAILABLE&times=1&path=limits")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(armed.statusCode()).isEqualTo(200);
        assertThat(call("GET", "sobjects", null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "limits", null).statusCode()).isEqualTo(503);
        assertThat(call("GET", "limits", null).statusCode()).isEqualTo(200);

        String own = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + sandbox.credentials().clientId() + "&client_secret=" + sandbox.credentials().clientSecret())).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asText();
        HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/__sandbox/tokens/expire?token="
                + URLEncoder.encode(own, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sandbox.tokens().validate(own)).isEmpty();
        assertThat(sandbox.tokens().validate(token)).isPresent();
    }

    private static List<String> names(String soql) throws Exception {
        HttpResponse<String> response = query("query", soql);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(response.body()).get("records").forEach(r -> out.add(r.get("Name").asText()));
        return out;
    }

    private static JsonNode field(JsonNode describe, String name) {
        for (JsonNode field : describe.get("fields")) {
            if (field.get("name").asText().equals(name)) {
                return field;
            }
        }
        throw new AssertionError("no field " + name);
    }

    private static HttpResponse<String> query(String resource, String soql) throws Exception {
        return call("GET", resource + "/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8).replace("+", "%20"), null);
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/data/v62.0/" + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
