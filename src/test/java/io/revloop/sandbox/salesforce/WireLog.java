package io.revloop.sandbox.salesforce;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.cometd.bayeux.Message;
import org.cometd.bayeux.server.ServerMessage;

/** The last meta messages in both directions, as they crossed the wire, for drills and tests to inspect. */
public final class WireLog {

    /** One meta message: {@code in} from a client, or {@code out} to it. */
    public record Entry(String direction, String channel, Map<String, Object> message) {
        public Object get(String field) {
            return message.get(field);
        }

        public boolean isError(String error) {
            return error.equals(message.get(Message.ERROR_FIELD));
        }
    }

    private static final int CAPACITY = 1000;

    private final Deque<Entry> entries = new ArrayDeque<>();

    synchronized void record(String direction, ServerMessage message) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.addLast(new Entry(direction, message.getChannel(), snapshot(message)));
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Replies sent on {@code channel}. */
    public List<Entry> replies(String channel) {
        return entries().stream().filter(e -> e.direction().equals("out") && e.channel().equals(channel)).toList();
    }

    /** Requests received on {@code channel}. */
    public List<Entry> requests(String channel) {
        return entries().stream().filter(e -> e.direction().equals("in") && e.channel().equals(channel)).toList();
    }

    public synchronized void clear() {
        entries.clear();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> snapshot(Map<String, Object> message) {
        Map<String, Object> copy = new LinkedHashMap<>();
        message.forEach((key, value) -> copy.put(key,
                value instanceof Map<?, ?> map ? snapshot((Map<String, Object>) map) : value));
        return copy;
    }
}
