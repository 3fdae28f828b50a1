package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of one Ordway resource, kept as the JSON documents the API returns. Guarded by the {@link Company}
 * lock, never used on its own.
 */
final class ResourceTable {

    private final String source;
    private final String model;
    private final String prefix;
    private final Set<String> writableFields;
    private final Map<String, ObjectNode> rows = new LinkedHashMap<>();
    private int sequence;

    ResourceTable(String source, String model, String prefix, Set<String> writableFields) {
        this.source = source;
        this.model = model;
        this.prefix = prefix;
        this.writableFields = writableFields;
    }

    String source() {
        return source;
    }

    /** Ordway's default document numbering: prefix plus a zero-padded counter, skipping ids clients chose. */
    String nextId() {
        String id;
        do {
            id = prefix + String.format("%05d", ++sequence);
        } while (rows.containsKey(id));
        return id;
    }

    /** The id a client supplied, if it did (Ordway's "Required User Entry" numbering), otherwise a new one. */
    String idFor(JsonNode body) {
        String supplied = Json.text(body, "id", null);
        if (supplied == null) {
            return nextId();
        }
        if (rows.containsKey(supplied)) {
            throw ApiException.unprocessable(model + " ID " + supplied + " has already been taken");
        }
        return supplied;
    }

    ObjectNode get(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound(source, model, id));
    }

    Optional<ObjectNode> find(String id) {
        return Optional.ofNullable(rows.get(id));
    }

    boolean contains(String id) {
        return rows.containsKey(id);
    }

    void put(ObjectNode row) {
        rows.put(row.get("id").asText(), row);
    }

    Collection<ObjectNode> all() {
        return Collections.unmodifiableCollection(rows.values());
    }

    /** Copies the fields a client may write; Ordway ignores the rest, so does the sandbox. */
    void copyWritable(JsonNode body, ObjectNode target) {
        body.fields().forEachRemaining(field -> {
            if (writableFields.contains(field.getKey())) {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        });
    }
}
