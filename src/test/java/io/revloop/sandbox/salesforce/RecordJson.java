package io.revloop.sandbox.salesforce;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records as the REST API renders them: {@code attributes{type,url}} first, then the fields. */
final class RecordJson {

    private RecordJson() {
    }

    static Map<String, Object> attributes(SObjectType type, String id, String apiVersion) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type.name());
        attributes.put("url", "/services/data/v" + apiVersion + "/sobjects/" + type.name() + "/" + id);
        return attributes;
    }

    static Map<String, Object> render(SObjectType type, Map<String, Object> record, String apiVersion, Collection<SObjectField> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", attributes(type, (String) record.get("Id"), apiVersion));
        for (SObjectField field : fields) {
            out.put(field.name(), record.get(field.name()));
        }
        return out;
    }
}
