package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sobjects/...}: describe, create, read, update, delete and upsert by external id. */
final class SObjectResource {

    private final SObjectSchema schema;

    SObjectResource(SObjectSchema schema) {
        this.schema = schema;
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        String[] s = req.segments();
        if (s.length == 1) {
            requireMethod(req, "GET");
            return RestResponse.of(200, Describe.global(schema, req.apiVersion()));
        }
        SObjectType type = schema.find(s[1]).orElseThrow(ApiException::notFound);
        if (s.length == 2) {
            if (req.method().equals("POST")) {
                return create(type, req, tx);
            }
            requireMethod(req, "GET", "POST");
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("objectDescribe", Describe.basic(type, req.apiVersion()));
            info.put("recentItems", List.of());
            return RestResponse.of(200, info);
        }
        if (s.length == 3 && s[2].equals("describe")) {
            requireMethod(req, "GET");
            return RestResponse.of(200, Describe.object(schema, type, req.apiVersion()));
        }
        if (s.length == 3) {
            return byId(type, s[2], req, tx);
        }
        if (s.length == 4) {
            return byExternalId(type, s[2], s[3], req, tx);
        }
        throw ApiException.notFound();
    }

    RestResponse create(SObjectType type, RestRequest req, Transaction tx) {
        String id = new Dml(tx).insert(type, bodyMap(req));
        return RestResponse.of(201, saveResult(id, null)).withHeader("Location", req.versionUrl() + "sobjects/" + type.name() + "/" + id);
    }

    private RestResponse byId(SObjectType type, String id, RestRequest req, Transaction tx) {
        Dml dml = new Dml(tx);
        switch (req.method()) {
            case "GET" -> {
                Map<String, Object> record = dml.live(type, id);
                return RestResponse.of(200, RecordJson.render(type, record, req.apiVersion(), selectedFields(type, req)));
            }
            case "PATCH" -> {
                dml.update(type, id, bodyMap(req));
                return RestResponse.noContent();
            }
            case "DELETE" -> {
                dml.delete(type, id);
                return RestResponse.noContent();
            }
            default -> throw methodNotAllowed(req, "GET, PATCH, DELETE");
        }
    }

    private RestResponse byExternalId(SObjectType type, String field, String value, RestRequest req, Transaction tx) {
        Dml dml = new Dml(tx);
        if (req.method().equals("PATCH")) {
            Dml.UpsertResult result = dml.upsert(type, field, value, bodyMap(req));
            // Since API 46.0 an update by external id answers 200 with the save result; before, 204.
            if (!result.created() && apiMajor(req) < 46) {
                return RestResponse.noContent();
            }
            return RestResponse.of(result.created() ? 201 : 200, saveResult(result.id(), result.created()))
                    .withHeader("Location", req.versionUrl() + "sobjects/" + type.name() + "/" + result.id());
        }
        SObjectField extField = type.field(field).filter(SObjectField::externalId).orElseThrow(() -> new ApiException(404,
                ApiError.of("NOT_FOUND", "Provided external ID field does not exist or is not accessible: " + field)));
        List<Map<String, Object>> matches = dml.findByExternalId(type, extField, value);
        if (matches.isEmpty()) {
            throw ApiException.notFound();
        }
        if (matches.size() > 1) {
            throw new ApiException(300, matches.stream().map(m -> ApiError.of("MULTIPLE_CHOICES",
                    req.versionUrl() + "sobjects/" + type.name() + "/" + m.get("Id"))).toList());
        }
        String id = (String) matches.get(0).get("Id");
        return switch (req.method()) {
            case "GET" -> RestResponse.of(200, RecordJson.render(type, matches.get(0), req.apiVersion(), selectedFields(type, req)));
            case "DELETE" -> {
                dml.delete(type, id);
                yield RestResponse.noContent();
            }
            default -> throw methodNotAllowed(req, "GET, PATCH, DELETE");
        };
    }

    private static List<SObjectField> selectedFields(SObjectType type, RestRequest req) {
        String fields = req.param("fields");
        if (fields == null || fields.isBlank()) {
            return List.copyOf(type.fields());
        }
        List<SObjectField> out = new ArrayList<>();
        for (String name : fields.split(",")) {
            String trimmed = name.trim();
            out.add(type.field(trimmed).orElseThrow(() -> ApiException.badRequest("INVALID_FIELD",
                    "No such column '" + trimmed + "' on entity '" + type.name() + "'. If you are attempting to use a custom "
                            + "field, be sure to append the '__c' after the custom field name. Please reference your WSDL "
                            + "or the describe call for the appropriate names.", null)));
        }
        return out;
    }

    static Map<String, Object> saveResult(String id, Boolean created) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("success", true);
        out.put("errors", List.of());
        if (created != null) {
            out.put("created", created);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> bodyMap(RestRequest req) {
        if (!(req.body() instanceof Map<?, ?> map)) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "The request body is either invalid or incomplete", null);
        }
        return new LinkedHashMap<>((Map<String, Object>) map);
    }

    static int apiMajor(RestRequest req) {
        return Integer.parseInt(req.apiVersion().substring(0, req.apiVersion().indexOf('.')));
    }

    private static void requireMethod(RestRequest req, String... allowed) {
        for (String method : allowed) {
            if (method.equals(req.method())) {
                return;
            }
        }
        throw methodNotAllowed(req, String.join(", ", allowed));
    }

    static ApiException methodNotAllowed(RestRequest req, String allowed) {
        return new ApiException(405, ApiError.of("METHOD_NOT_ALLOWED",
                "HTTP Method '" + req.method() + "' not allowed. Allowed are " + allowed));
    }
}
