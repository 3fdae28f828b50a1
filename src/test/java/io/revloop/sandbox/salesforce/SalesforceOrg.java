package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The in-memory org: every record of every object, changed only through {@link Transaction}s whose commit publishes
 * the change events. One lock serialises transactions, which is all the isolation a test org needs.
 */
public final class SalesforceOrg {

    private final SObjectSchema schema;
    private final SalesforceIds ids;
    private final SandboxClock clock;
    private final String orgId;
    private final ChangeEventSink sink;
    private final Map<String, Map<String, Map<String, Object>>> tables = new HashMap<>();
    private final Map<String, Map<String, Object>> byId = new HashMap<>();
    private final List<ChangeEvent> changeLog = new CopyOnWriteArrayList<>();
    private long commitNumber = 1_000_000;
    private long contractNumber = 100;
    private String integrationUserId;
    private String standardPricebookId;

    SalesforceOrg(SObjectSchema schema, SalesforceIds ids, SandboxClock clock, String orgId, ChangeEventSink sink) {
        this.schema = schema;
        this.ids = ids;
        this.clock = clock;
        this.orgId = orgId;
        this.sink = sink;
        schema.objects().forEach(t -> tables.put(t.name(), new LinkedHashMap<>()));
    }

    void bootstrap(String username, String firstName, String lastName) {
        Actor system = new Actor(null, "");
        integrationUserId = transaction(system, tx -> new Dml(tx).insertAsSystem(schema.get("User"), Map.of(
                "Username", username, "FirstName", firstName, "LastName", lastName, "Email", username,
                "Alias", "integ")));
        standardPricebookId = transaction(new Actor(integrationUserId, ""), tx -> new Dml(tx).insertAsSystem(
                schema.get("Pricebook2"), Map.of("Name", "Standard Price Book", "IsActive", true, "IsStandard", true)));
    }

    /** Runs {@code work} in one transaction; it commits when {@code work} returns and rolls back when it throws. */
    public synchronized <T> T transaction(Actor actor, Function<Transaction, T> work) {
        Transaction tx = new Transaction(this, actor);
        T result = work.apply(tx);
        commit(tx);
        return result;
    }

    private void commit(Transaction tx) {
        List<Transaction.Change> changes = tx.journal();
        if (changes.isEmpty()) {
            return;
        }
        long commit = ++commitNumber;
        long timestamp = clock.now().toEpochMilli();
        int sequence = 0;
        List<ChangeEvent> events = new ArrayList<>();
        for (Transaction.Change change : changes) {
            Map<String, Object> record = new LinkedHashMap<>(change.after());
            tables.get(change.type().name()).put(change.id(), record);
            byId.put(change.id(), record);
            if (change.type().changeEvents()) {
                events.add(ChangeEvents.of(change, tx, ++sequence, timestamp, commit));
            }
        }
        changeLog.addAll(events);
        if (sink != null) {
            events.forEach(sink::publish);
        }
    }

    Map<String, Object> committed(String id) {
        return byId.get(id);
    }

    Iterable<Map<String, Object>> committedTable(SObjectType type) {
        return tables.get(type.name()).values();
    }

    SObjectSchema schema() {
        return schema;
    }

    SalesforceIds ids() {
        return ids;
    }

    SandboxClock clock() {
        return clock;
    }

    long nextContractNumber() {
        return ++contractNumber;
    }

    public String orgId() {
        return orgId;
    }

    /** The id of the user the sandbox's credentials log in as (also the client-credentials run-as user). */
    public String integrationUser() {
        return integrationUserId;
    }

    public String standardPricebookId() {
        return standardPricebookId;
    }

    // Seeding and assertions. Writes run as the integration user from inside the org (no API change origin) and
    // pass the same validation as API writes.

    public String create(String type, Map<String, ?> fields) {
        return transaction(new Actor(integrationUserId, ""), tx -> new Dml(tx).insert(schema.get(type), copy(fields)));
    }

    public void update(String type, String id, Map<String, ?> fields) {
        updateAs(integrationUserId, type, id, fields);
    }

    /** An edit by a person in the Salesforce UI: their user id becomes the change event's commitUser. */
    public void updateAs(String userId, String type, String id, Map<String, ?> fields) {
        transaction(new Actor(userId, ""), tx -> {
            new Dml(tx).update(schema.get(type), id, copy(fields));
            return null;
        });
    }

    public void delete(String type, String id) {
        transaction(new Actor(integrationUserId, ""), tx -> {
            new Dml(tx).delete(schema.get(type), id);
            return null;
        });
    }

    public void undelete(String type, String id) {
        transaction(new Actor(integrationUserId, ""), tx -> {
            new Dml(tx).undelete(schema.get(type), id);
            return null;
        });
    }

    /** A copy of the record, soft-deleted ones included. */
    public synchronized Optional<Map<String, Object>> get(String id) {
        Map<String, Object> record = id == null || id.length() < 15 ? null : byId.get(SalesforceIds.to18(id));
        return Optional.ofNullable(record).map(LinkedHashMap::new);
    }

    /** Copies of the type's live (not deleted) records, in creation order. */
    public synchronized List<Map<String, Object>> records(String type) {
        List<Map<String, Object>> out = new ArrayList<>();
        tables.get(schema.get(type).name()).values().stream()
                .filter(r -> !Boolean.TRUE.equals(r.get("IsDeleted")))
                .forEach(r -> out.add(new LinkedHashMap<>(r)));
        return out;
    }

    public Optional<Map<String, Object>> findBy(String type, String field, Object value) {
        String name = schema.get(type).field(field).orElseThrow().name();
        return records(type).stream().filter(r -> Objects.equals(r.get(name), value)).findFirst();
    }

    /** Every change event the org has committed, in commit order (also for objects nobody subscribes to). */
    public List<ChangeEvent> changeEvents() {
        return List.copyOf(changeLog);
    }

    private static Map<String, Object> copy(Map<String, ?> fields) {
        return new LinkedHashMap<>(fields);
    }
}
