package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.inbox.PermanentSyncException;
import io.revloop.salesforce.EchoGuard;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The Salesforce calls of the billing sync, through camel-salesforce: SOQL with {@code rawPayload}, and sObject
 * Collections / Composite through the {@code raw} operation (Camel's own collection operations need generated DTOs).
 */
@Component
class SalesforceWrites {

    /** One record's outcome in a collections call, in the order of the request. */
    record Result(boolean success, String id, String error) {
    }

    private static final Pattern ORDWAY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final EchoGuard echoGuard;
    private final String dataPath;
    private final int batchSize;

    SalesforceWrites(ProducerTemplate template, ObjectMapper mapper, EchoGuard echoGuard, BillingProperties properties,
            @Value("${camel.component.salesforce.api-version:62.0}") String apiVersion) {
        this.template = template;
        this.mapper = mapper;
        this.echoGuard = echoGuard;
        this.dataPath = "/services/data/v" + apiVersion;
        this.batchSize = Math.min(200, Math.max(1, properties.batchSize()));
    }

    /** Accounts by Ordway customer id: Id, OwnerId, Customer_Success_Manager__c, in chunks of 200 ids per query. */
    Map<String, JsonNode> accountsByCustomerId(Collection<String> customerIds) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(customerIds);
        for (int from = 0; from < ids.size(); from += batchSize) {
            StringBuilder in = new StringBuilder();
            for (String id : ids.subList(from, Math.min(ids.size(), from + batchSize))) {
                // Ordway ids are validated, not escaped: anything else never reaches the query.
                if (!ORDWAY_ID.matcher(id).matches()) {
                    throw new PermanentSyncException("not an Ordway customer id: " + id);
                }
                in.append(in.isEmpty() ? "" : ",").append('\'').append(id).append('\'');
            }
            String soql = "SELECT Id, OwnerId, Customer_Success_Manager__c, Ordway_Customer_Id__c FROM Account"
                    + " WHERE Ordway_Customer_Id__c IN (" + in + ")";
            JsonNode page = mapper.readTree(template.requestBody("salesforce:query?rawPayload=true", soql, String.class));
            for (JsonNode r : page.path("records")) {
                out.put(r.path("Ordway_Customer_Id__c").asText(), r);
            }
        }
        return out;
    }

    /** Upserts by external id, up to 200 records per call; results in request order. */
    List<Result> upsert(String type, String externalIdField, List<Map<String, Object>> records) throws Exception {
        return collections("PATCH", dataPath + "/composite/sobjects/" + type + "/" + externalIdField, type, records);
    }

    /** Updates by Id, up to 200 records per call; results in request order. Account writes are told to the echo guard. */
    List<Result> update(String type, List<Map<String, Object>> records) throws Exception {
        List<Result> results = collections("PATCH", dataPath + "/composite/sobjects", type, records);
        for (int i = 0; i < records.size(); i++) {
            if (results.get(i).success()) {
                Map<String, Object> fields = new LinkedHashMap<>(records.get(i));
                fields.remove("Id");
                echoGuard.recordWrite(type, (String) records.get(i).get("Id"), fields);
            }
        }
        return results;
    }

    /** Tells the echo guard about an Account write made through Composite, so its change event is not synced back. */
    void recordAccountWrite(String accountId, Map<String, Object> fields) {
        echoGuard.recordWrite("Account", accountId, fields);
    }

    private List<Result> collections(String method, String path, String type, List<Map<String, Object>> records)
            throws Exception {
        List<Result> results = new ArrayList<>();
        for (int from = 0; from < records.size(); from += batchSize) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (Map<String, Object> r : records.subList(from, Math.min(records.size(), from + batchSize))) {
                Map<String, Object> withType = new LinkedHashMap<>();
                withType.put("attributes", Map.of("type", type));
                withType.putAll(r);
                chunk.add(withType);
            }
            JsonNode answer = raw(method, path, Map.of("allOrNone", false, "records", chunk));
            for (JsonNode item : answer) {
                results.add(new Result(item.path("success").asBoolean(), item.path("id").asText(null),
                        item.path("errors").toString()));
            }
        }
        return results;
    }

    /** One Composite call (up to 25 subrequests); throws when a subrequest failed, as all of them are idempotent. */
    void composite(List<Map<String, Object>> subrequests) throws Exception {
        JsonNode answer = raw("POST", dataPath + "/composite", Map.of("allOrNone", false,
                "compositeRequest", subrequests));
        for (JsonNode r : answer.path("compositeResponse")) {
            if (r.path("httpStatusCode").asInt() >= 300) {
                throw new IllegalStateException("Salesforce composite subrequest " + r.path("referenceId").asText()
                        + " failed: " + r.path("httpStatusCode").asInt() + " " + r.path("body"));
            }
        }
    }

    Map<String, Object> upsertRequest(String ref, String type, String externalIdField, String value,
            Map<String, Object> body) {
        return Map.of("method", "PATCH", "referenceId", ref, "url", dataPath + "/sobjects/" + type + "/"
                + externalIdField + "/" + segment(value), "body", body);
    }

    Map<String, Object> updateRequest(String ref, String type, String id, Map<String, Object> body) {
        return Map.of("method", "PATCH", "referenceId", ref, "url", dataPath + "/sobjects/" + type + "/" + id,
                "body", body);
    }

    /** A path segment; ':' stays as is (legal in a segment, and part of revloop's Task keys). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%3A", ":").replace("+", "%20");
    }

    private JsonNode raw(String method, String path, Object body) throws Exception {
        Exchange result = template.request("salesforce:raw?format=JSON", ex -> {
            ex.getMessage().setHeader("rawPath", path);
            ex.getMessage().setHeader("rawMethod", method);
            ex.getMessage().setBody(mapper.writeValueAsBytes(body));
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        return mapper.readTree(result.getMessage().getBody(String.class));
    }
}
