package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.salesforce.api.NoSuchSObjectException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The unmodified camel-salesforce producer against the sandbox: CRUD, upsert, queries, composite, collections, limits. */
class RestProducerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SalesforceSandbox sandbox;
    private static CamelSalesforceClient client;

    @BeforeAll
    static void start() {
        sandbox = SalesforceSandbox.builder().build().start(0);
        client = CamelSalesforceClient.password(sandbox);
    }

    @AfterAll
    static void stop() {
        client.close();
        sandbox.stop();
    }

    @Test
    void createReadUpdateDelete() throws Exception {
        JsonNode created = json(client.request("createSObject?sObjectName=Account",
                "{\"Name\":\"Acme\",\"Type\":\"Customer - Direct\",\"Ordway_Balance__c\":\"12.50\"}"));
        String id = created.get("id").asText();
        assertThat(created.get("success").asBoolean()).isTrue();
        assertThat(id).hasSize(18).startsWith("001").isEqualTo(SalesforceIds.withSuffix(id.substring(0, 15)));
        Map<String, Object> stored = sandbox.org().get(id).orElseThrow();
        assertThat(stored).containsEntry("Name", "Acme").containsEntry("Ordway_Balance__c", 12.5)
                .containsEntry("CreatedById", sandbox.org().integrationUser()).containsEntry("CurrencyIsoCode", "USD");
        assertThat((String) stored.get("CreatedDate")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        JsonNode read = json(client.request("getSObject?sObjectName=Account&sObjectId=" + id + "&sObjectFields=Name,Type", null));
        assertThat(read.get("attributes").get("url").asText()).isEqualTo("/services/data/v62.0/sobjects/Account/" + id);
        assertThat(read.get("Name").asText()).isEqualTo("Acme");
        assertThat(read.has("Phone")).isFalse();

        Exchange update = client.send("updateSObject?sObjectName=Account&sObjectId=" + id, "{\"Phone\":\"555-0100\",\"Type\":null}");
        assertThat(update.getException()).isNull();
        assertThat(update.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(204);
        assertThat(sandbox.org().get(id).orElseThrow()).containsEntry("Phone", "555-0100").containsEntry("Type", null);

        assertThat(client.send("deleteSObject?sObjectName=Account&sObjectId=" + id, null).getException()).isNull();
        assertThat(sandbox.org().get(id).orElseThrow()).containsEntry("IsDeleted", true);
        Exchange gone = client.send("getSObject?sObjectName=Account&sObjectId=" + id, null);
        assertThat(gone.getException()).isInstanceOf(NoSuchSObjectException.class);
    }

    @Test
    void upsertByExternalIdCreatesThenUpdates() throws Exception {
        String uri = "upsertSObject?sObjectName=Account&sObjectIdName=Ordway_Customer_Id__c&sObjectIdValue=C-100";
        Exchange first = client.send(uri, "{\"Name\":\"Globex\"}");
        assertThat(first.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(201);
        JsonNode created = json(first.getMessage().getBody(String.class));
        assertThat(created.get("created").asBoolean()).isTrue();

        Exchange second = client.send(uri, "{\"Name\":\"Globex Corp\"}");
        assertThat(second.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        JsonNode updated = json(second.getMessage().getBody(String.class));
        assertThat(updated.get("created").asBoolean()).isFalse();
        assertThat(updated.get("id").asText()).isEqualTo(created.get("id").asText());
        assertThat(sandbox.org().findBy("Account", "Ordway_Customer_Id__c", "C-100").orElseThrow())
                .containsEntry("Name", "Globex Corp");
    }

    @Test
    void validationErrorsReachTheClientWithTheirErrorCode() {
        SalesforceException unknown = failure("createSObject?sObjectName=Account", "{\"Name\":\"X\",\"Bogus__c\":1}");
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        assertThat(unknown.getErrors().get(0).getErrorCode()).isEqualTo("INVALID_FIELD");
        assertThat(unknown.getErrors().get(0).getMessage()).isEqualTo("No such column 'Bogus__c' on sobject of type Account");

        SalesforceException wrongType = failure("createSObject?sObjectName=Opportunity",
                "{\"Name\":\"X\",\"StageName\":\"Prospecting\",\"CloseDate\":\"tomorrow\"}");
        assertThat(wrongType.getErrors().get(0).getErrorCode()).isEqualTo("JSON_PARSER_ERROR");
        assertThat(wrongType.getErrors().get(0).getMessage()).startsWith("Cannot deserialize instance of date from VALUE_STRING value tomorrow");

        SalesforceException missing = failure("createSObject?sObjectName=Opportunity", "{\"Name\":\"X\"}");
        assertThat(missing.getErrors().get(0).getErrorCode()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.getErrors().get(0).getFields()).containsExactly("StageName", "CloseDate");

        SalesforceException picklist = failure("createSObject?sObjectName=Opportunity",
                "{\"Name\":\"X\",\"StageName\":\"Won-ish\",\"CloseDate\":\"2026-01-31\"}");
        assertThat(picklist.getErrors().get(0).getErrorCode()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");

        SalesforceException badRef = failure("createSObject?sObjectName=Contact", "{\"LastName\":\"X\",\"AccountId\":\"001nope\"}");
        assertThat(badRef.getErrors().get(0).getErrorCode()).isEqualTo("MALFORMED_ID");
        String missingAccount = SalesforceIds.withSuffix("001Dm0000ZZZZZZ");
        SalesforceException danglingRef = failure("createSObject?sObjectName=Contact",
                "{\"LastName\":\"X\",\"AccountId\":\"" + missingAccount + "\"}");
        assertThat(danglingRef.getErrors().get(0).getErrorCode()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");

        sandbox.org().create("Account", Map.of("Name", "Initech", "Ordway_Customer_Id__c", "C-DUP"));
        SalesforceException duplicate = failure("createSObject?sObjectName=Account", "{\"Name\":\"Y\",\"Ordway_Customer_Id__c\":\"c-dup\"}");
        assertThat(duplicate.getErrors().get(0).getErrorCode()).isEqualTo("DUPLICATE_VALUE");
        assertThat(sandbox.org().records("Account")).noneMatch(r -> "Y".equals(r.get("Name")));
    }

    @Test
    void queryWithParentFieldsAndChildSubquery() throws Exception {
        String account = sandbox.org().create("Account", Map.of("Name", "Umbrella", "BillingCity", "Raccoon City"));
        String product = sandbox.org().create("Product2", Map.of("Name", "Platform", "ProductCode", "PLAT"));
        String entry = sandbox.org().create("PricebookEntry", Map.of("Pricebook2Id", sandbox.org().standardPricebookId(),
                "Product2Id", product, "UnitPrice", 100));
        String opp = sandbox.org().create("Opportunity", Map.of("Name", "Umbrella renewal", "AccountId", account,
                "StageName", "Closed Won", "CloseDate", "2026-03-31", "Type", "Renewal"));
        sandbox.org().create("OpportunityLineItem", Map.of("OpportunityId", opp, "PricebookEntryId", entry,
                "Quantity", 3, "UnitPrice", 90, "Discount", 10));
        sandbox.org().create("Opportunity", Map.of("Name", "Umbrella open", "AccountId", account,
                "StageName", "Prospecting", "CloseDate", "2026-06-30"));

        JsonNode result = json(client.request("query?sObjectQuery=" + encode(
                "SELECT Id, Name, Amount, IsWon, Account.Name, Account.BillingCity, "
                        + "(SELECT Quantity, TotalPrice, Product2Id, ProductCode FROM OpportunityLineItems) "
                        + "FROM Opportunity WHERE Account.Name = 'umbrella' AND (StageName = 'Closed Won' OR Amount > 1000) "
                        + "AND CloseDate >= 2026-01-01 ORDER BY CloseDate DESC LIMIT 10"), null));

        assertThat(result.get("totalSize").asInt()).isEqualTo(1);
        assertThat(result.get("done").asBoolean()).isTrue();
        JsonNode record = result.get("records").get(0);
        assertThat(record.get("attributes").get("type").asText()).isEqualTo("Opportunity");
        assertThat(record.get("Amount").asDouble()).isEqualTo(243.0);
        assertThat(record.get("IsWon").asBoolean()).isTrue();
        assertThat(record.get("Account").get("Name").asText()).isEqualTo("Umbrella");
        assertThat(record.get("Account").get("attributes").get("type").asText()).isEqualTo("Account");
        JsonNode lines = record.get("OpportunityLineItems");
        assertThat(lines.get("totalSize").asInt()).isEqualTo(1);
        assertThat(lines.get("records").get(0).get("TotalPrice").asDouble()).isEqualTo(243.0);
        assertThat(lines.get("records").get(0).get("Product2Id").asText()).isEqualTo(product);
        assertThat(lines.get("records").get(0).get("ProductCode").asText()).isEqualTo("PLAT");

        JsonNode open = json(client.request("query?sObjectQuery=" + encode(
                "SELECT Name, (SELECT Id FROM OpportunityLineItems) FROM Opportunity WHERE Name LIKE '%open'"), null));
        assertThat(open.get("records").get(0).get("OpportunityLineItems").isNull()).isTrue();
    }

    @Test
    void pagingAcrossBatchesWithQueryMoreAndStreaming() throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            records.add(Map.of("attributes", Map.of("type", "Account"), "Name", String.format("Paged %03d", i),
                    "Industry", "Paging"));
        }
        for (int from = 0; from < records.size(); from += 200) {
            Map<String, Object> body = Map.of("allOrNone", true, "records", records.subList(from, Math.min(from + 200, records.size())));
            client.request("raw?rawPath=/services/data/v62.0/composite/sobjects&rawMethod=POST", JSON.writeValueAsString(body));
        }
        String soql = encode("SELECT Name FROM Account WHERE Industry = 'Paging' ORDER BY Name");

        JsonNode first = json(client.request("query?sObjectQuery=" + soql, null, Map.of("Sforce-Query-Options", "batchSize=200")));
        assertThat(first.get("totalSize").asInt()).isEqualTo(450);
        assertThat(first.get("done").asBoolean()).isFalse();
        assertThat(first.get("records")).hasSize(200);
        List<String> names = new ArrayList<>();
        first.get("records").forEach(r -> names.add(r.get("Name").asText()));
        JsonNode page = first;
        while (!page.get("done").asBoolean()) {
            assertThat(page.get("nextRecordsUrl").asText()).matches("/services/data/v62.0/query/01g\\w{15}-\\d+");
            page = json(client.request("queryMore", page.get("nextRecordsUrl").asText()));
            page.get("records").forEach(r -> names.add(r.get("Name").asText()));
        }
        assertThat(names).hasSize(450).isSorted().startsWith("Paged 000").endsWith("Paged 449");

        Exchange streamed = client.send("query?rawPayload=false&streamQueryResult=true&sObjectClass="
                + AccountRecord.QueryRecords.class.getName() + "&sObjectQuery=" + soql, null,
                Map.of("Sforce-Query-Options", "batchSize=200"));
        assertThat(streamed.getException()).isNull();
        assertThat(streamed.getMessage().getHeader("CamelSalesforceQueryResultTotalSize")).isEqualTo(450);
        Iterator<?> iterator = streamed.getMessage().getBody(Iterator.class);
        List<AccountRecord> all = new ArrayList<>();
        iterator.forEachRemaining(r -> all.add((AccountRecord) r));
        assertThat(all).hasSize(450);
        assertThat(all.get(449).getName()).isEqualTo("Paged 449");
    }

    @Test
    void dtoClientParsesSystemDatetimes() {
        String id = sandbox.org().create("Account", Map.of("Name", "Typed"));
        Exchange exchange = client.send("query?rawPayload=false&sObjectClass=" + AccountRecord.QueryRecords.class.getName()
                + "&sObjectQuery=" + encode("SELECT Id, Name, CreatedDate, SystemModstamp FROM Account WHERE Id = '" + id + "'"), null);
        assertThat(exchange.getException()).isNull();
        AccountRecord account = exchange.getMessage().getBody(AccountRecord.QueryRecords.class).getRecords().get(0);
        assertThat(account.getName()).isEqualTo("Typed");
        assertThat(account.getCreatedDate()).isInstanceOf(ZonedDateTime.class);
        assertThat(account.getCreatedDate().toInstant().toString())
                .startsWith(((String) sandbox.org().get(id).orElseThrow().get("CreatedDate")).substring(0, 19));
    }

    @Test
    void compositeWithReferencesRunsInOneTransaction() throws Exception {
        String body = """
                {"allOrNone": true, "compositeRequest": [
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"acct","body":{"Name":"Composite Co"}},
                  {"method":"GET","url":"/services/data/v62.0/sobjects/Account/@{acct.id}?fields=Name","referenceId":"read"},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Contact","referenceId":"contact",
                   "body":{"LastName":"Lee","FirstName":"Ada","AccountId":"@{acct.id}"}},
                  {"method":"GET","url":"/services/data/v62.0/query/?q=SELECT+Id+FROM+Contact+WHERE+AccountId='@{acct.id}'","referenceId":"q"},
                  {"method":"PATCH","url":"/services/data/v62.0/sobjects/Contact/@{q.records[0].Id}","referenceId":"upd",
                   "body":{"Title":"CFO"}}
                ]}""";
        int eventsBefore = sandbox.org().changeEvents().size();
        JsonNode result = json(client.request("composite", body));
        JsonNode responses = result.get("compositeResponse");
        assertThat(responses).extracting(r -> r.get("httpStatusCode").asInt()).containsExactly(201, 200, 201, 200, 204);
        assertThat(responses.get(1).get("body").get("Name").asText()).isEqualTo("Composite Co");
        String contactId = responses.get(2).get("body").get("id").asText();
        assertThat(sandbox.org().get(contactId).orElseThrow()).containsEntry("Title", "CFO").containsEntry("Name", "Ada Lee");

        List<ChangeEvent> events = sandbox.org().changeEvents().subList(eventsBefore, sandbox.org().changeEvents().size());
        assertThat(events).extracting(ChangeEvent::changeType).containsExactly("CREATE", "CREATE", "UPDATE");
        assertThat(events).extracting(ChangeEvent::sequenceNumber).containsExactly(1, 2, 3);
        assertThat(events).extracting(ChangeEvent::transactionKey).containsOnly(events.get(0).transactionKey());
        assertThat(events.get(0).changeOrigin()).isEqualTo("com/salesforce/api/rest/62.0;client=" + sandbox.credentials().clientId());
        assertThat(events.get(2).changedFields()).containsExactly("Title", "LastModifiedDate");

        String failing = """
                {"allOrNone": true, "compositeRequest": [
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"ok","body":{"Name":"Rolled Back Co"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Contact","referenceId":"bad","body":{"FirstName":"No last name"}},
                  {"method":"POST","url":"/services/data/v62.0/sobjects/Account","referenceId":"never","body":{"Name":"Never Co"}}
                ]}""";
        JsonNode rolledBack = json(client.request("raw?rawPath=/services/data/v62.0/composite&rawMethod=POST", failing)).get("compositeResponse");
        assertThat(rolledBack).extracting(r -> r.get("body").get(0).get("errorCode").asText())
                .containsExactly("PROCESSING_HALTED", "REQUIRED_FIELD_MISSING", "PROCESSING_HALTED");
        assertThat(sandbox.org().findBy("Account", "Name", "Rolled Back Co")).isEmpty();
    }

    @Test
    void collectionsCreateAndUpsertWithAndWithoutAllOrNone() throws Exception {
        String path = "raw?rawPath=/services/data/v62.0/composite/sobjects&rawMethod=POST";
        JsonNode partial = json(client.request(path, """
                {"allOrNone": false, "records": [
                  {"attributes":{"type":"Account"},"Name":"Coll A"},
                  {"attributes":{"type":"Contact"},"FirstName":"Missing"},
                  {"attributes":{"type":"Contact"},"LastName":"Coll B"}]}"""));
        assertThat(partial).extracting(r -> r.get("success").asBoolean()).containsExactly(true, false, true);
        assertThat(partial.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(sandbox.org().findBy("Account", "Name", "Coll A")).isPresent();

        JsonNode atomic = json(client.request(path, """
                {"allOrNone": true, "records": [
                  {"attributes":{"type":"Account"},"Name":"Coll C"},
                  {"attributes":{"type":"Account"},"Name":"Coll D","Type":"Nope"}]}"""));
        assertThat(atomic.get(0).get("errors").get(0).get("statusCode").asText()).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(atomic.get(1).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(sandbox.org().findBy("Account", "Name", "Coll C")).isEmpty();

        sandbox.org().create("Account", Map.of("Name", "Existing", "Ordway_Customer_Id__c", "C-U1"));
        JsonNode upserted = json(client.request(
                "raw?rawPath=/services/data/v62.0/composite/sobjects/Account/Ordway_Customer_Id__c&rawMethod=PATCH", """
                {"allOrNone": true, "records": [
                  {"attributes":{"type":"Account"},"Ordway_Customer_Id__c":"C-U1","Name":"Existing Renamed"},
                  {"attributes":{"type":"Account"},"Ordway_Customer_Id__c":"C-U2","Name":"Brand New"}]}"""));
        assertThat(upserted).extracting(r -> r.get("created").asBoolean()).containsExactly(false, true);
        assertThat(sandbox.org().findBy("Account", "Ordway_Customer_Id__c", "C-U1").orElseThrow()).containsEntry("Name", "Existing Renamed");
        assertThat(sandbox.org().findBy("Account", "Ordway_Customer_Id__c", "C-U2")).isPresent();
    }

    @Test
    void limitsAndTheLimitInfoHeader() throws Exception {
        Exchange exchange = client.send("limits", null);
        assertThat(exchange.getException()).isNull();
        String header = exchange.getMessage().getHeader("Sforce-Limit-Info", String.class);
        assertThat(header).matches("api-usage=\\d+/100000");
        int used = Integer.parseInt(header.substring("api-usage=".length(), header.indexOf('/')));
        assertThat(used).isEqualTo(sandbox.apiUsage().used());
        JsonNode limits = json(exchange.getMessage().getBody(String.class));
        assertThat(limits.get("DailyApiRequests").get("Max").asInt()).isEqualTo(100000);
        assertThat(limits.get("DailyApiRequests").get("Remaining").asInt()).isEqualTo(100000 - used);

        client.request("limits", null);
        assertThat(sandbox.apiUsage().used()).isEqualTo(used + 1);
    }

    private static SalesforceException failure(String uri, String body) {
        Exchange exchange = client.send(uri, body);
        assertThat(exchange.getException()).isInstanceOf(SalesforceException.class);
        return (SalesforceException) exchange.getException();
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static String encode(String soql) {
        // Camel parses endpoint URIs; RAW() keeps the SOQL untouched.
        return "RAW(" + soql + ")";
    }
}
