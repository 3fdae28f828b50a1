package io.revloop.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of mapping one source record.
 *
 * @param document  the target document, JSON-ready (maps, lists, strings, numbers, booleans), in mapping-file order
 * @param ownership for every field in the document, which system owns it ({@code salesforce} or {@code ordway});
 *                  list items share one entry, e.g. {@code plans[].quantity}
 * @param warnings  what a dry-run reader should know, e.g. optional fields that had no value
 */
public record MappingResult(Map<String, Object> document, Map<String, String> ownership, List<String> warnings) {

    public MappingResult {
        document = Collections.unmodifiableMap(document);
        ownership = Collections.unmodifiableMap(ownership);
        warnings = List.copyOf(warnings);
    }

    /**
     * The document reduced to the fields the given system owns. A flow updating an existing target record sends only
     * the fields the source system owns; fields owned by the target were seeded on create and belong to it since.
     */
    public Map<String, Object> documentOwnedBy(String system) {
        return filter(document, "", system);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> filter(Map<String, Object> object, String prefix, String system) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map
                    && ownership.keySet().stream().anyMatch(p -> p.startsWith(path + "[]."))) {
                if (system.equals(ownership.get(path))) {
                    List<Object> items = new ArrayList<>();
                    list.forEach(item -> items.add(filter((Map<String, Object>) item, path + "[].", system)));
                    out.put(key, items);
                }
            } else if (value instanceof Map<?, ?> map
                    && ownership.keySet().stream().anyMatch(p -> p.startsWith(path + "."))) {
                Map<String, Object> nested = filter((Map<String, Object>) map, path + ".", system);
                if (!nested.isEmpty()) {
                    out.put(key, nested);
                }
            } else if (system.equals(ownership.get(path))) {
                out.put(key, value);
            }
        });
        return out;
    }
}
