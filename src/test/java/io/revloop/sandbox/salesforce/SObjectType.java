package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One object of the schema, with the implicit system fields added. */
public final class SObjectType {

    private final String name;
    private final String keyPrefix;
    private final boolean changeEvents;
    private final Map<String, SObjectField> fields = new LinkedHashMap<>();
    private final Map<String, SObjectField> byLowerName = new LinkedHashMap<>();
    private final Map<String, SObjectField> byLowerRelationship = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> childDefs;
    private final Map<String, ChildRelationship> children = new LinkedHashMap<>();

    public record ChildRelationship(String name, SObjectType childType, SObjectField field) {
    }

    private SObjectType(String name, String keyPrefix, boolean changeEvents, Map<String, Map<String, String>> childDefs) {
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.changeEvents = changeEvents;
        this.childDefs = childDefs;
    }

    static SObjectType from(String name, Map<String, Object> def) {
        SObjectType type = new SObjectType(name, String.valueOf(def.get("keyPrefix")),
                Boolean.TRUE.equals(def.get("changeEvents")), SObjectSchema.map(def.get("childRelationships")));
        type.add(SObjectField.system("Id", "id", null, null));
        type.add(SObjectField.system("IsDeleted", "boolean", null, null));
        Map<String, Map<String, Object>> fieldDefs = SObjectSchema.map(def.get("fields"));
        fieldDefs.forEach((fieldName, fieldDef) -> type.add(SObjectField.from(fieldName, fieldDef)));
        type.add(SObjectField.system("CreatedDate", "datetime", null, null));
        type.add(SObjectField.system("CreatedById", "reference", "User", "CreatedBy"));
        type.add(SObjectField.system("LastModifiedDate", "datetime", null, null));
        type.add(SObjectField.system("LastModifiedById", "reference", "User", "LastModifiedBy"));
        type.add(SObjectField.system("SystemModstamp", "datetime", null, null));
        return type;
    }

    private void add(SObjectField field) {
        fields.put(field.name(), field);
        byLowerName.put(field.name().toLowerCase(Locale.ROOT), field);
        if (field.relationshipName() != null) {
            byLowerRelationship.put(field.relationshipName().toLowerCase(Locale.ROOT), field);
        }
    }

    void linkChildren(SObjectSchema schema) {
        childDefs.forEach((relName, def) -> schema.find(def.get("object")).ifPresent(child -> {
            SObjectField field = child.field(def.get("field")).orElseThrow(
                    () -> new IllegalStateException(name + "." + relName + ": no field " + def.get("field")));
            children.put(relName, new ChildRelationship(relName, child, field));
        }));
    }

    public String name() {
        return name;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public boolean changeEvents() {
        return changeEvents;
    }

    public boolean custom() {
        return name.endsWith("__c");
    }

    public String label() {
        return SObjectField.labelOf(name);
    }

    public Collection<SObjectField> fields() {
        return fields.values();
    }

    public Optional<SObjectField> field(String fieldName) {
        return Optional.ofNullable(fieldName == null ? null : byLowerName.get(fieldName.toLowerCase(Locale.ROOT)));
    }

    /** The lookup field behind a relationship name such as {@code Account} or {@code Account__r}. */
    public Optional<SObjectField> relationship(String relationshipName) {
        return Optional.ofNullable(byLowerRelationship.get(relationshipName.toLowerCase(Locale.ROOT)));
    }

    public Optional<ChildRelationship> child(String relationshipName) {
        return children.values().stream().filter(c -> c.name().equalsIgnoreCase(relationshipName)).findFirst();
    }

    public Collection<ChildRelationship> children() {
        return children.values();
    }

    public List<SObjectField> externalIds() {
        List<SObjectField> out = new ArrayList<>();
        fields.values().stream().filter(SObjectField::externalId).forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
