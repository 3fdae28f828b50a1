package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** One field of an object, as the schema file describes it. */
public record SObjectField(
        String name,
        String type,
        Integer length,
        boolean required,
        boolean unique,
        boolean externalId,
        List<String> values,
        List<String> referenceTo,
        String relationshipName,
        boolean createable,
        boolean updateable,
        boolean calculated,
        boolean system,
        Object defaultValue) {

    private static final Set<String> NUMERIC = Set.of("int", "double", "currency", "percent");
    private static final Set<String> TEXT = Set.of("id", "string", "textarea", "email", "phone", "url", "picklist", "reference");

    static SObjectField from(String name, Map<String, Object> def) {
        boolean calculated = Boolean.TRUE.equals(def.get("calculated"));
        Object length = def.get("length");
        return new SObjectField(name, String.valueOf(def.get("type")),
                length == null ? null : ((Number) length).intValue(),
                Boolean.TRUE.equals(def.get("required")),
                Boolean.TRUE.equals(def.get("unique")),
                Boolean.TRUE.equals(def.get("externalId")),
                SObjectSchema.stringList(def.get("values")),
                SObjectSchema.stringList(def.get("referenceTo")),
                (String) def.get("relationshipName"),
                !calculated && !Boolean.FALSE.equals(def.get("createable")),
                !calculated && !Boolean.FALSE.equals(def.get("updateable")),
                calculated, false, def.get("default"));
    }

    static SObjectField system(String name, String type, String referenceTo, String relationshipName) {
        return new SObjectField(name, type, "id".equals(type) || "reference".equals(type) ? 18 : null,
                false, false, false, List.of(), referenceTo == null ? List.of() : List.of(referenceTo),
                relationshipName, false, false, false, true, null);
    }

    public boolean numeric() {
        return NUMERIC.contains(type);
    }

    public boolean text() {
        return TEXT.contains(type);
    }

    public boolean isReference() {
        return "reference".equals(type) || "id".equals(type);
    }

    /** Salesforce may leave a field empty unless it is required, boolean (never null) or the record id. */
    public boolean nillable() {
        return !required && !"boolean".equals(type) && !"id".equals(type) && !system;
    }

    /** A label in Salesforce's style: {@code AccountId} is "Account ID", {@code Ordway_Sync_Status__c} is "Ordway Sync Status". */
    public String label() {
        if ("Id".equals(name)) {
            return "Record ID";
        }
        return labelOf(name);
    }

    static String labelOf(String apiName) {
        if (apiName.endsWith("__c")) {
            return apiName.substring(0, apiName.length() - 3).replace('_', ' ');
        }
        String base = apiName.endsWith("Id") && apiName.length() > 2 ? apiName.substring(0, apiName.length() - 2) : apiName;
        String spaced = base.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        return apiName.endsWith("Id") && apiName.length() > 2 ? spaced + " ID" : spaced;
    }
}
