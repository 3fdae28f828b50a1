package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * sObject Collections, {@code composite/sobjects}: create, update, upsert by external id, delete and retrieve up to
 * 200 records in one call. Record-level failures answer 200 with per-record errors ({@code statusCode}, not
 * {@code errorCode}); allOrNone turns one failure into a rollback of all.
 */
final class CollectionsResource {

    static final int MAX_RECORDS = 200;
    private static final String ROLLED_BACK = "Record rolled back because not all records were valid and the request was using AllOrNone header";

    private final SObjectSchema schema;

    CollectionsResource(SObjectSchema schema) {
        this.schema = schema;
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        String[] s = req.segments();
        if (s.length == 2) {
            return switch (req.method()) {
                case "POST" -> write(req, tx, (dml, record) -> create(dml, record));
                case "PATCH" -> write(req, tx, (dml, record) -> update(dml, record));
                case "DELETE" -> delete(req, tx);
                default -> throw SObjectResource.methodNotAllowed(req, "POST, PATCH, DELETE");
            };
        }
        SObjectType type = schema.find(s[2]).orElseThrow(ApiException::notFound);
        if (s.length == 4 && req.method().equals("PATCH")) {
            return write(req, tx, (dml, record) -> upsert(dml, type, s[3], record));
        }
        if (s.length == 3 && (req.method().equals("GET") || req.method().equals("POST"))) {
            return retrieve(req, tx, type);
        }
        throw ApiException.notFound();
    }

    private interface RecordWrite {
        Map<String, Object> apply(Dml dml, Map<String, Object> record);
    }

    @SuppressWarnings("unchecked")
    private RestResponse write(RestRequest req, Transaction tx, RecordWrite operation) {
        Map<String, Object> body = SObjectResource.bodyMap(req);
        if (!(body.get("records") instanceof List<?> records)) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "The request body must contain records", null);
        }
        checkSize(records.size());
        boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
        return RestResponse.of(200, each(tx, allOrNone, (List<Object>) records, record -> {
            if (!(record instanceof Map<?, ?> map)) {
                throw ApiException.badRequest("JSON_PARSER_ERROR", "Each record must be a JSON object", null);
            }
            return operation.apply(new Dml(tx), new LinkedHashMap<>((Map<String, Object>) map));
        }));
    }

    private RestResponse delete(RestRequest req, Transaction tx) {
        String ids = req.param("ids");
        if (ids == null || ids.isBlank()) {
            throw ApiException.badRequest("MISSING_ARGUMENT", "ids parameter is required", null);
        }
        List<Object> list = new ArrayList<>(Arrays.asList((Object[]) ids.split(",")));
        checkSize(list.size());
        return RestResponse.of(200, each(tx, Boolean.parseBoolean(req.param("allOrNone")), list, id -> {
            String recordId = (String) id;
            SObjectType type = schema.byKeyPrefix(recordId).orElseThrow(() -> new ApiException(400,
                    ApiError.of("MALFORMED_ID", "malformed id " + recordId, List.of())));
            new Dml(tx).delete(type, recordId);
            return saveResult(SalesforceIds.to18(recordId), null);
        }));
    }

    /** Runs every item on its own savepoint; with allOrNone one failure undoes all and marks the others rolled back. */
    private static List<Map<String, Object>> each(Transaction tx, boolean allOrNone, List<Object> items,
            Function<Object, Map<String, Object>> operation) {
        List<Map<String, Object>> results = new ArrayList<>();
        boolean failed = false;
        for (Object item : items) {
            int savepoint = tx.savepoint();
            try {
                results.add(operation.apply(item));
            } catch (ApiException e) {
                tx.rollbackTo(savepoint);
                results.add(failure(e.errors().stream().map(CollectionsResource::error).toList()));
                failed = true;
            }
        }
        if (failed && allOrNone) {
            tx.rollbackTo(0);
            for (int i = 0; i < results.size(); i++) {
                if (Boolean.TRUE.equals(results.get(i).get("success"))) {
                    results.set(i, failure(List.of(error(ApiError.of("ALL_OR_NONE_OPERATION_ROLLED_BACK", ROLLED_BACK, List.of())))));
                }
            }
        }
        return results;
    }

    private Map<String, Object> create(Dml dml, Map<String, Object> record) {
        SObjectType type = typeOf(record);
        if (record.containsKey("Id")) {
            throw ApiException.badRequest("INVALID_FIELD", "Records with IDs are not allowed in a create request", List.of("Id"));
        }
        return saveResult(dml.insert(type, record), null);
    }

    private Map<String, Object> update(Dml dml, Map<String, Object> record) {
        SObjectType type = typeOf(record);
        Object id = record.remove("Id");
        if (!(id instanceof String recordId)) {
            throw ApiException.badRequest("MISSING_ARGUMENT", "Id not specified in an update call", List.of());
        }
        dml.update(type, recordId, record);
        return saveResult(SalesforceIds.to18(recordId), null);
    }

    private Map<String, Object> upsert(Dml dml, SObjectType type, String externalIdField, Map<String, Object> record) {
        SObjectField field = type.field(externalIdField).orElseThrow(() -> ApiException.badRequest("INVALID_FIELD",
                "Field name provided, " + externalIdField + " does not match an External ID, Salesforce Id, or indexed "
                        + "field for " + type.name(), null));
        Object value = record.get(field.name());
        if (value == null) {
            throw ApiException.badRequest("MISSING_ARGUMENT", field.name() + " not specified", List.of());
        }
        Dml.UpsertResult result = dml.upsert(type, field.name(), String.valueOf(value), record);
        return saveResult(result.id(), result.created());
    }

    @SuppressWarnings("unchecked")
    private RestResponse retrieve(RestRequest req, Transaction tx, SObjectType type) {
        List<String> ids;
        List<String> fields;
        if (req.method().equals("GET")) {
            ids = req.param("ids") == null ? List.of() : List.of(req.param("ids").split(","));
            fields = req.param("fields") == null ? List.of() : List.of(req.param("fields").split(","));
        } else {
            Map<String, Object> body = SObjectResource.bodyMap(req);
            ids = (List<String>) body.getOrDefault("ids", List.of());
            fields = (List<String>) body.getOrDefault("fields", List.of());
        }
        checkSize(ids.size());
        List<SObjectField> selected = new ArrayList<>();
        for (String name : fields) {
            selected.add(type.field(name.trim()).orElseThrow(() -> ApiException.badRequest("INVALID_FIELD",
                    "No such column '" + name.trim() + "' on entity '" + type.name() + "'", null)));
        }
        List<Object> out = new ArrayList<>();
        for (String id : ids) {
            Map<String, Object> record = SalesforceIds.wellFormed(id) && id.startsWith(type.keyPrefix())
                    ? tx.read(SalesforceIds.to18(id)) : null;
            out.add(record == null || Boolean.TRUE.equals(record.get("IsDeleted")) ? null
                    : RecordJson.render(type, record, req.apiVersion(), selected));
        }
        return RestResponse.of(200, out);
    }

    @SuppressWarnings("unchecked")
    private SObjectType typeOf(Map<String, Object> record) {
        Object attributes = record.get("attributes");
        Object name = attributes instanceof Map<?, ?> map ? ((Map<String, Object>) map).get("type") : null;
        if (name == null) {
            throw ApiException.badRequest("INVALID_TYPE", "Must specify a type in attributes", List.of());
        }
        return schema.find(String.valueOf(name)).orElseThrow(() -> ApiException.badRequest("INVALID_TYPE",
                "sObject type '" + name + "' is not supported.", List.of()));
    }

    private static void checkSize(int size) {
        if (size > MAX_RECORDS) {
            throw ApiException.badRequest("EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                    + MAX_RECORDS + " records into this call", null);
        }
    }

    private static Map<String, Object> saveResult(String id, Boolean created) {
        return SObjectResource.saveResult(id, created);
    }

    private static Map<String, Object> failure(List<Map<String, Object>> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("success", false);
        out.put("errors", errors);
        return out;
    }

    private static Map<String, Object> error(ApiError error) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", error.errorCode());
        out.put("message", error.message());
        out.put("fields", error.fields() == null ? List.of() : error.fields());
        return out;
    }
}
