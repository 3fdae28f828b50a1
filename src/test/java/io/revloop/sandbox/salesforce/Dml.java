package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Inserts, updates, deletes and upserts inside one transaction, validating the way Salesforce validates. */
final class Dml {

    record UpsertResult(String id, boolean created) {
    }

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> TEXT_TYPES = Set.of("string", "textarea", "email", "phone", "url", "picklist");

    private final Transaction tx;
    private final SalesforceOrg org;
    private final Calculations calculations;

    Dml(Transaction tx) {
        this.tx = tx;
        this.org = tx.org();
        this.calculations = new Calculations(this, tx);
    }

    String insert(SObjectType type, Map<String, Object> input) {
        return insert(type, input, false);
    }

    /** For records the org creates itself (users, the standard price book): calculated fields may be given. */
    String insertAsSystem(SObjectType type, Map<String, Object> input) {
        return insert(type, input, true);
    }

    private String insert(SObjectType type, Map<String, Object> input, boolean system) {
        Map<String, Object> values = parse(type, input);
        if (!system) {
            if (values.containsKey("Id")) {
                throw ApiException.badRequest("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", List.of("Id"));
            }
            rejectFields(values.keySet().stream().filter(f -> !type.field(f).orElseThrow().createable()).toList());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        for (SObjectField field : type.fields()) {
            record.put(field.name(), initialValue(field));
        }
        record.putAll(values);
        String id = org.ids().next(type.keyPrefix());
        String user = tx.actor().userId() != null ? tx.actor().userId() : id;
        String now = SalesforceTime.format(org.clock().now());
        record.put("Id", id);
        record.put("IsDeleted", false);
        record.put("CreatedDate", now);
        record.put("CreatedById", user);
        stamp(record, user, now);
        if (type.field("OwnerId").isPresent() && record.get("OwnerId") == null) {
            record.put("OwnerId", user);
        }
        validate(type, record, values.keySet(), true);
        calculations.beforeInsert(type, record, system);
        tx.write("CREATE", type, id, record);
        calculations.afterWrite(type, record);
        return id;
    }

    void update(SObjectType type, String id, Map<String, Object> input) {
        Map<String, Object> current = live(type, id);
        String recordId = (String) current.get("Id");
        Map<String, Object> values = parse(type, input);
        // A body may repeat the record's own id (15 or 18 characters); any other id is an attempt to change it.
        if (values.get("Id") instanceof String bodyId && bodyId.length() >= 15 && SalesforceIds.to18(bodyId).equals(recordId)) {
            values.remove("Id");
        }
        rejectFields(values.keySet().stream().filter(f -> !type.field(f).orElseThrow().updateable()).toList());
        Map<String, Object> record = new LinkedHashMap<>(current);
        record.putAll(values);
        validate(type, record, values.keySet(), false);
        stamp(record, tx.actor().userId(), SalesforceTime.format(org.clock().now()));
        calculations.beforeUpdate(type, record, current, values.keySet());
        tx.write("UPDATE", type, recordId, record);
        calculations.afterWrite(type, record);
    }

    /** Re-runs the calculations of a record whose inputs changed elsewhere (a roll-up); writes only when a value changed. */
    void recalculate(SObjectType type, String id) {
        Map<String, Object> current = tx.read(id);
        if (current == null || Boolean.TRUE.equals(current.get("IsDeleted"))) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>(current);
        calculations.beforeUpdate(type, record, current, Set.of());
        if (!record.equals(current)) {
            stamp(record, tx.actor().userId(), SalesforceTime.format(org.clock().now()));
            tx.write("UPDATE", type, id, record);
        }
    }

    void delete(SObjectType type, String id) {
        Map<String, Object> current = live(type, id);
        calculations.beforeDelete(type, current);
        Map<String, Object> record = new LinkedHashMap<>(current);
        record.put("IsDeleted", true);
        stamp(record, tx.actor().userId(), SalesforceTime.format(org.clock().now()));
        tx.write("DELETE", type, (String) current.get("Id"), record);
        calculations.afterWrite(type, record);
    }

    void undelete(SObjectType type, String id) {
        Map<String, Object> current = existing(type, id);
        if (!Boolean.TRUE.equals(current.get("IsDeleted"))) {
            throw ApiException.badRequest("UNDELETE_FAILED", "Entity is not in the recycle bin", List.of());
        }
        Map<String, Object> record = new LinkedHashMap<>(current);
        record.put("IsDeleted", false);
        stamp(record, tx.actor().userId(), SalesforceTime.format(org.clock().now()));
        tx.write("UNDELETE", type, (String) current.get("Id"), record);
        calculations.afterWrite(type, record);
    }

    UpsertResult upsert(SObjectType type, String externalIdField, String value, Map<String, Object> input) {
        SObjectField field = type.field(externalIdField)
                .filter(f -> f.externalId() || f.name().equals("Id"))
                .orElseThrow(() -> new ApiException(404, ApiError.of("NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: " + externalIdField)));
        Map<String, Object> body = new LinkedHashMap<>(input);
        body.keySet().removeIf(k -> k.equalsIgnoreCase(field.name()) && Objects.equals(String.valueOf(input.get(k)), value));
        if (field.name().equals("Id")) {
            update(type, value, body);
            return new UpsertResult(SalesforceIds.to18(value), false);
        }
        List<Map<String, Object>> matches = findByExternalId(type, field, value);
        if (matches.size() > 1) {
            throw new ApiException(300, matches.stream().map(m -> ApiError.of("MULTIPLE_CHOICES",
                    "sobjects/" + type.name() + "/" + m.get("Id"))).toList());
        }
        if (matches.isEmpty()) {
            body.put(field.name(), value);
            return new UpsertResult(insert(type, body), true);
        }
        String id = (String) matches.get(0).get("Id");
        update(type, id, body);
        return new UpsertResult(id, false);
    }

    List<Map<String, Object>> findByExternalId(SObjectType type, SObjectField field, String value) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> record : tx.scan(type)) {
            Object stored = record.get(field.name());
            if (!Boolean.TRUE.equals(record.get("IsDeleted")) && stored != null
                    && String.valueOf(stored).equalsIgnoreCase(value)) {
                out.add(record);
            }
        }
        return out;
    }

    /** The record when it exists and is not deleted; NOT_FOUND or ENTITY_IS_DELETED otherwise. */
    Map<String, Object> live(SObjectType type, String id) {
        Map<String, Object> current = existing(type, id);
        if (Boolean.TRUE.equals(current.get("IsDeleted"))) {
            throw new ApiException(404, ApiError.of("ENTITY_IS_DELETED", "entity is deleted", List.of()));
        }
        return current;
    }

    private Map<String, Object> existing(SObjectType type, String id) {
        if (id == null || !SalesforceIds.wellFormed(id) || !id.startsWith(type.keyPrefix())) {
            throw new ApiException(404, ApiError.of("NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + id));
        }
        Map<String, Object> current = tx.read(SalesforceIds.to18(id));
        if (current == null) {
            throw ApiException.notFound();
        }
        return current;
    }

    private Map<String, Object> parse(SObjectType type, Map<String, Object> input) {
        Map<String, Object> values = new LinkedHashMap<>();
        input.forEach((name, value) -> {
            if (name.equals("attributes")) {
                return;
            }
            SObjectField field = type.field(name).orElseThrow(() -> ApiException.badRequest("INVALID_FIELD",
                    "No such column '" + name + "' on sobject of type " + type.name(), null));
            values.put(field.name(), FieldValues.coerce(field, value));
        });
        return values;
    }

    private static void rejectFields(List<String> fields) {
        if (!fields.isEmpty()) {
            throw ApiException.badRequest("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                    + String.join(", ", fields) + ". Please check the security settings of this field and verify that it is "
                    + "read/write for your profile or permission set.", fields);
        }
    }

    private static Object initialValue(SObjectField field) {
        if (field.defaultValue() != null) {
            return FieldValues.coerce(field, field.defaultValue() instanceof String s ? s : field.defaultValue());
        }
        return "boolean".equals(field.type()) ? Boolean.FALSE : null;
    }

    private static void stamp(Map<String, Object> record, String user, String now) {
        record.put("LastModifiedDate", now);
        record.put("LastModifiedById", user);
        record.put("SystemModstamp", now);
    }

    private void validate(SObjectType type, Map<String, Object> record, Set<String> touched, boolean insert) {
        List<ApiError> errors = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (SObjectField field : type.fields()) {
            boolean checked = insert || touched.contains(field.name());
            if (field.required() && checked && record.get(field.name()) == null) {
                missing.add(field.name());
            }
        }
        if (!missing.isEmpty()) {
            errors.add(ApiError.of("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
        }
        for (String name : touched) {
            SObjectField field = type.field(name).orElseThrow();
            Object value = record.get(name);
            if (value != null) {
                checkValue(type, field, value, record, errors);
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
    }

    private void checkValue(SObjectType type, SObjectField field, Object value, Map<String, Object> record, List<ApiError> errors) {
        String label = field.label();
        if ("picklist".equals(field.type()) && field.values().stream().noneMatch(v -> v.equals(value))) {
            errors.add(ApiError.of("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    label + ": bad value for restricted picklist field: " + value, List.of(field.name())));
        } else if (TEXT_TYPES.contains(field.type()) && field.length() != null && ((String) value).length() > field.length()) {
            errors.add(ApiError.of("STRING_TOO_LONG", label + ": data value too large: " + value
                    + " (max length=" + field.length() + ")", List.of(field.name())));
        } else if ("email".equals(field.type()) && !EMAIL.matcher((String) value).matches()) {
            errors.add(ApiError.of("INVALID_EMAIL_ADDRESS", label + ": invalid email address: " + value, List.of(field.name())));
        } else if ("reference".equals(field.type())) {
            checkReference(field, (String) value, record, errors);
        }
        if (field.unique() && errors.isEmpty()) {
            String id = (String) record.get("Id");
            findByExternalId(type, field, String.valueOf(value)).stream()
                    .filter(other -> !other.get("Id").equals(id))
                    .findFirst()
                    .ifPresent(other -> errors.add(ApiError.of("DUPLICATE_VALUE", "duplicate value found: " + field.name()
                            + " duplicates value on record with id: " + other.get("Id"), List.of())));
        }
    }

    private void checkReference(SObjectField field, String value, Map<String, Object> record, List<ApiError> errors) {
        if (!SalesforceIds.wellFormed(value)) {
            errors.add(ApiError.of("MALFORMED_ID", field.label() + ": id value of incorrect type: " + value, List.of(field.name())));
            return;
        }
        String id = SalesforceIds.to18(value);
        record.put(field.name(), id);
        boolean allowedType = org.schema().byKeyPrefix(id).map(t -> field.referenceTo().contains(t.name())).orElse(false);
        if (!allowedType) {
            errors.add(ApiError.of("FIELD_INTEGRITY_EXCEPTION", field.label() + ": id value of incorrect type: " + value,
                    List.of(field.name())));
            return;
        }
        Map<String, Object> target = tx.read(id);
        if (target == null || Boolean.TRUE.equals(target.get("IsDeleted"))) {
            errors.add(ApiError.of("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of()));
        }
    }
}
