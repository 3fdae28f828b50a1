package io.revloop.sandbox.ordway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Every call to {@code /api/v1}, in arrival order, for assertions. Paths are relative to {@code /api/v1}. */
public final class Journal {

    private final List<JournalEntry> entries = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void record(JournalEntry entry) {
        entries.add(entry);
    }

    public List<JournalEntry> all() {
        return List.copyOf(entries);
    }

    /** Calls with this method (null for any) whose path matches the regular expression in full. */
    public List<JournalEntry> find(String method, String pathRegex) {
        return find(matching(method, pathRegex));
    }

    public List<JournalEntry> find(Predicate<JournalEntry> filter) {
        return entries.stream().filter(filter).toList();
    }

    public int count(String method, String pathRegex) {
        return find(method, pathRegex).size();
    }

    public JournalEntry last() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("No request has been journaled");
        }
        return entries.get(entries.size() - 1);
    }

    public void clear() {
        entries.clear();
    }

    static Predicate<JournalEntry> matching(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex == null ? ".*" : pathRegex);
        return entry -> (method == null || method.equalsIgnoreCase(entry.method())) && path.matcher(entry.path()).matches();
    }
}
