package io.revloop.sandbox.salesforce;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Salesforce's CometD shape of a change event: channel names, {@code data.schema/payload/event}. */
final class ChangeEventWire {

    static final String ALL_CHANGE_EVENTS = "/data/ChangeEvents";

    /** Change types whose event body carries no fields. */
    private static final Set<String> HEADER_ONLY = Set.of("DELETE", "GAP_CREATE", "GAP_UPDATE", "GAP_DELETE",
            "GAP_UNDELETE", "GAP_OVERFLOW");

    private ChangeEventWire() {
    }

    /** {@code Account} → {@code /data/AccountChangeEvent}; {@code Foo__c} → {@code /data/Foo__ChangeEvent}. */
    static String entityChannel(String entityName) {
        String base = entityName.endsWith("__c") ? entityName.substring(0, entityName.length() - 1) : entityName;
        return "/data/" + base + "ChangeEvent";
    }

    static List<String> channels(String entityName) {
        return List.of(entityChannel(entityName), ALL_CHANGE_EVENTS);
    }

    /** The {@code data} member of the Bayeux message. */
    static Map<String, Object> data(ChangeEvent event, long replayId) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("entityName", event.entityName());
        header.put("recordIds", List.copyOf(event.recordIds()));
        header.put("changeType", event.changeType());
        header.put("changeOrigin", event.changeOrigin() == null ? "" : event.changeOrigin());
        header.put("transactionKey", event.transactionKey());
        header.put("sequenceNumber", event.sequenceNumber());
        header.put("commitTimestamp", event.commitTimestamp());
        header.put("commitNumber", event.commitNumber());
        header.put("commitUser", event.commitUser());
        header.put("changedFields", listOrEmpty(event.changedFields()));
        header.put("nulledFields", listOrEmpty(event.nulledFields()));
        header.put("diffFields", listOrEmpty(event.diffFields()));

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ChangeEventHeader", header);
        if (!HEADER_ONLY.contains(event.changeType())) {
            if (event.fields() != null) {
                event.fields().forEach((name, value) -> payload.put(name, jsonValue(value)));
            }
            // A field cleared by an update travels as an explicit null in the CometD body.
            listOrEmpty(event.nulledFields()).forEach(name -> payload.putIfAbsent(name, null));
        }

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("schema", schemaId(event.entityName()));
        data.put("payload", payload);
        data.put("event", new LinkedHashMap<>(Map.of("replayId", replayId)));
        return data;
    }

    /** Stable per entity and opaque, 22 characters of base64url like Salesforce's schema ids. */
    static String schemaId(String entityName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("revloop-sandbox-schema:" + entityName).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> listOrEmpty(List<String> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** Keeps the body within what Jetty's JSON generator writes as JSON scalars, lists and objects. */
    @SuppressWarnings("unchecked")
    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof BigDecimal) {
            return value;
        }
        if (value instanceof Number number) {
            return new BigDecimal(number.toString());
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, jsonValue(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(jsonValue(v)));
            return copy;
        }
        return value.toString();
    }
}
