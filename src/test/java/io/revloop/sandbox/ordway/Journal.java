package io.revloop.sandbox.ordway;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every call to {@code /api/v1}, in arrival order, for assertions. Paths are relative to {@code /api/v1}. Keeps the
 * latest {@link #DEFAULT_CAPACITY} calls so a long benchmark cannot exhaust the heap.
 */
public final class Journal {

    public static final int DEFAULT_CAPACITY = 50_000;

    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();
    private int capacity = DEFAULT_CAPACITY;

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    synchronized void record(JournalEntry entry) {
        entries.addLast(entry);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }

    public synchronized void capacity(int capacity) {
        this.capacity = capacity;
    }

    public synchronized List<JournalEntry> all() {
        return List.copyOf(entries);
    }

    /** Calls with this method (null for any) whose path matches the regular expression in full. */
    public List<JournalEntry> find(String method, String pathRegex) {
        return find(matching(method, pathRegex));
    }

    public List<JournalEntry> find(Predicate<JournalEntry> filter) {
        return all().stream().filter(filter).toList();
    }

    public int count(String method, String pathRegex) {
        return find(method, pathRegex).size();
    }

    public synchronized JournalEntry last() {
        if (entries.isEmpty()) {
            throw new IllegalStateException("No request has been journaled");
        }
        return entries.getLast();
    }

    public synchronized void clear() {
        entries.clear();
    }

    static Predicate<JournalEntry> matching(String method, String pathRegex) {
        Pattern path = Pattern.compile(pathRegex == null ? ".*" : pathRegex);
        return entry -> (method == null || method.equalsIgnoreCase(entry.method())) && path.matcher(entry.path()).matches();
    }
}
