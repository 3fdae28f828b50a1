package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Turns one committed change into its Change Data Capture event, with the body Salesforce sends per change type. */
final class ChangeEvents {

    /** Salesforce leaves these out of change event bodies. */
    private static final Set<String> NEVER_SENT = Set.of("Id", "IsDeleted", "SystemModstamp");
    /** Stamped on every update; not a change of their own. */
    private static final Set<String> STAMPS = Set.of("LastModifiedDate", "LastModifiedById", "SystemModstamp");

    private ChangeEvents() {
    }

    static ChangeEvent of(Transaction.Change change, Transaction tx, int sequence, long timestamp, long commitNumber) {
        List<String> changedFields = new ArrayList<>();
        List<String> nulledFields = new ArrayList<>();
        Map<String, Object> body = new LinkedHashMap<>();
        switch (change.changeType()) {
            case "CREATE", "UNDELETE" -> change.after().forEach((field, value) -> {
                if (value != null && !NEVER_SENT.contains(field)) {
                    put(body, change.type(), field, eventValue(change.type(), field, value));
                }
            });
            case "UPDATE" -> {
                change.after().forEach((field, value) -> {
                    if (!STAMPS.contains(field) && !NEVER_SENT.contains(field)
                            && !CompoundFields.replacedByCompound(change.type(), field)
                            && !Objects.equals(value, change.before().get(field))) {
                        String name = CompoundFields.of(change.type(), field).map(CompoundFields.Component::path).orElse(field);
                        changedFields.add(name);
                        put(body, change.type(), field, eventValue(change.type(), field, value));
                        if (value == null) {
                            nulledFields.add(name);
                        }
                    }
                });
                if (!Objects.equals(change.before().get("LastModifiedById"), change.after().get("LastModifiedById"))) {
                    changedFields.add("LastModifiedById");
                    body.put("LastModifiedById", change.after().get("LastModifiedById"));
                }
                changedFields.add("LastModifiedDate");
                body.put("LastModifiedDate", eventValue(change.type(), "LastModifiedDate", change.after().get("LastModifiedDate")));
            }
            default -> {
                // DELETE: header only
            }
        }
        return new ChangeEvent(change.type().name(), List.of(change.id()), change.changeType(), tx.actor().changeOrigin(),
                tx.transactionKey(), sequence, timestamp, commitNumber, tx.actor().userId(),
                List.copyOf(changedFields), List.copyOf(nulledFields), List.of(), body);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> body, SObjectType type, String field, Object value) {
        if (CompoundFields.replacedByCompound(type, field)) {
            return;
        }
        CompoundFields.of(type, field).ifPresentOrElse(
                c -> ((Map<String, Object>) body.computeIfAbsent(c.compound(), k -> new LinkedHashMap<>())).put(c.component(), value),
                () -> body.put(field, value));
    }

    private static Object eventValue(SObjectType type, String field, Object value) {
        if (value instanceof String text && type.field(field).map(f -> "datetime".equals(f.type())).orElse(false)) {
            return SalesforceTime.EVENT_DATETIME.format(SalesforceTime.parseDateTime(text));
        }
        return value;
    }
}
