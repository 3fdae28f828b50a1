package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes staged over the committed org, visible to reads in the same transaction, with savepoints so one failed
 * subrequest of a composite call can be undone alone. Nothing reaches the org (or the change event sink) before commit.
 */
final class Transaction {

    record Change(String changeType, SObjectType type, String id, Map<String, Object> before, Map<String, Object> after) {
    }

    private final SalesforceOrg org;
    private final Actor actor;
    private final String transactionKey = UUID.randomUUID().toString();
    private final List<Change> journal = new ArrayList<>();
    private final Map<String, Map<String, Object>> staged = new LinkedHashMap<>();

    Transaction(SalesforceOrg org, Actor actor) {
        this.org = org;
        this.actor = actor;
    }

    Actor actor() {
        return actor;
    }

    String transactionKey() {
        return transactionKey;
    }

    SalesforceOrg org() {
        return org;
    }

    /** The record's current state in this transaction (including soft-deleted ones); null when it never existed. */
    Map<String, Object> read(String id) {
        if (id == null) {
            return null;
        }
        Map<String, Object> own = staged.get(id);
        return own != null ? own : org.committed(id);
    }

    /** Every record of the type, deleted ones included, in creation order. */
    List<Map<String, Object>> scan(SObjectType type) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> record : org.committedTable(type)) {
            Map<String, Object> own = staged.get((String) record.get("Id"));
            out.add(own != null ? own : record);
        }
        staged.forEach((id, record) -> {
            if (id.startsWith(type.keyPrefix()) && org.committed(id) == null) {
                out.add(record);
            }
        });
        return out;
    }

    void write(String changeType, SObjectType type, String id, Map<String, Object> after) {
        Map<String, Object> before = read(id);
        Map<String, Object> frozen = Collections.unmodifiableMap(new LinkedHashMap<>(after));
        journal.add(new Change(changeType, type, id, before, frozen));
        staged.put(id, frozen);
    }

    int savepoint() {
        return journal.size();
    }

    void rollbackTo(int savepoint) {
        journal.subList(savepoint, journal.size()).clear();
        staged.clear();
        journal.forEach(c -> staged.put(c.id(), c.after()));
    }

    List<Change> journal() {
        return List.copyOf(journal);
    }
}
