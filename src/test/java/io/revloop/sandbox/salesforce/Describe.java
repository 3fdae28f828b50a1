package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Describe results generated from the schema: {@code sobjects/} and {@code sobjects/X/describe/}. */
final class Describe {

    private Describe() {
    }

    static Map<String, Object> global(SObjectSchema schema, String apiVersion) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", 200);
        List<Map<String, Object>> sobjects = new ArrayList<>();
        schema.objects().forEach(type -> sobjects.add(basic(type, apiVersion)));
        out.put("sobjects", sobjects);
        return out;
    }

    static Map<String, Object> basic(SObjectType type, String apiVersion) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("activateable", false);
        out.put("createable", true);
        out.put("custom", type.custom());
        out.put("customSetting", false);
        out.put("deletable", true);
        out.put("deprecatedAndHidden", false);
        out.put("feedEnabled", false);
        out.put("keyPrefix", type.keyPrefix());
        out.put("label", type.label());
        out.put("labelPlural", type.label() + "s");
        out.put("layoutable", true);
        out.put("mergeable", type.name().equals("Account") || type.name().equals("Contact"));
        out.put("mruEnabled", true);
        out.put("name", type.name());
        out.put("queryable", true);
        out.put("replicateable", true);
        out.put("retrieveable", true);
        out.put("searchable", true);
        out.put("triggerable", true);
        out.put("undeletable", true);
        out.put("updateable", true);
        out.put("urls", urls(type, apiVersion));
        return out;
    }

    static Map<String, Object> object(SObjectSchema schema, SObjectType type, String apiVersion) {
        Map<String, Object> out = basic(type, apiVersion);
        List<Map<String, Object>> children = new ArrayList<>();
        type.children().forEach(c -> {
            Map<String, Object> child = new LinkedHashMap<>();
            child.put("cascadeDelete", c.childType().name().equals("OpportunityLineItem"));
            child.put("childSObject", c.childType().name());
            child.put("deprecatedAndHidden", false);
            child.put("field", c.field().name());
            child.put("relationshipName", c.name());
            children.add(child);
        });
        out.put("childRelationships", children);
        List<Map<String, Object>> fields = new ArrayList<>();
        type.fields().forEach(f -> fields.add(field(schema, f)));
        out.put("fields", fields);
        out.put("recordTypeInfos", List.of());
        return out;
    }

    private static Map<String, Object> field(SObjectSchema schema, SObjectField f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("aggregatable", !f.type().equals("textarea"));
        out.put("calculated", f.calculated());
        out.put("caseSensitive", false);
        out.put("createable", f.createable());
        out.put("custom", f.name().endsWith("__c"));
        out.put("defaultValue", f.defaultValue());
        out.put("defaultedOnCreate", f.defaultValue() != null || f.system() || f.name().equals("OwnerId")
                || f.type().equals("boolean"));
        out.put("externalId", f.externalId());
        out.put("filterable", !f.type().equals("textarea"));
        out.put("groupable", !f.type().equals("textarea") && !f.numeric());
        out.put("idLookup", f.name().equals("Id") || f.externalId());
        out.put("label", f.label());
        out.put("length", f.text() && f.length() != null ? f.length() : 0);
        out.put("name", f.name());
        out.put("nameField", f.name().equals("Name"));
        out.put("nillable", f.nillable());
        out.put("picklistValues", picklist(schema, f));
        out.put("polymorphicForeignKey", f.referenceTo().size() > 1);
        out.put("precision", f.numeric() && !f.type().equals("int") ? 18 : 0);
        out.put("referenceTo", f.referenceTo());
        out.put("relationshipName", f.relationshipName());
        out.put("restrictedPicklist", f.type().equals("picklist"));
        out.put("scale", f.type().equals("currency") || f.type().equals("percent") ? 2 : 0);
        out.put("soapType", soapType(f));
        out.put("sortable", !f.type().equals("textarea"));
        out.put("type", f.type());
        out.put("unique", f.unique());
        out.put("updateable", f.updateable());
        return out;
    }

    private static List<Map<String, Object>> picklist(SObjectSchema schema, SObjectField f) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String value : f.values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("active", true);
            entry.put("defaultValue", value.equals(f.defaultValue()));
            entry.put("label", value);
            entry.put("validFor", null);
            entry.put("value", value);
            out.add(entry);
        }
        return out;
    }

    private static String soapType(SObjectField f) {
        return switch (f.type()) {
            case "id", "reference" -> "tns:ID";
            case "boolean" -> "xsd:boolean";
            case "int" -> "xsd:int";
            case "double", "currency", "percent" -> "xsd:double";
            case "date" -> "xsd:date";
            case "datetime" -> "xsd:dateTime";
            default -> "xsd:string";
        };
    }

    private static Map<String, Object> urls(SObjectType type, String apiVersion) {
        String base = "/services/data/v" + apiVersion + "/sobjects/" + type.name();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rowTemplate", base + "/{ID}");
        out.put("defaultValues", base + "/defaultValues?recordTypeId&fields");
        out.put("describe", base + "/describe");
        out.put("sobject", base);
        return out;
    }
}
