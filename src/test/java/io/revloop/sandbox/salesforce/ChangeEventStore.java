package io.revloop.sandbox.salesforce;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The event bus's durable part: every event published on a channel, with its replay id, for the retention window.
 * Replay ids come from one org-wide sequence, so on any single channel they increase but are not contiguous, as on
 * Salesforce. Not thread-safe: {@link ChangeEventDelivery} serialises access.
 */
final class ChangeEventStore {

    /** Replay from the next new event on. */
    static final long NEW_EVENTS = -1;
    /** Replay every retained event. */
    static final long ALL_RETAINED = -2;

    record Stored(String channel, long replayId, Instant storedAt, Map<String, Object> data) {
    }

    private final Map<String, Deque<Stored>> byChannel = new HashMap<>();
    private final Clock clock;
    private final Duration retention;
    private long lastReplayId;
    private long purgedThrough = Long.MIN_VALUE;

    ChangeEventStore(Clock clock, Duration retention, long firstReplayId) {
        this.clock = clock;
        this.retention = retention;
        this.lastReplayId = firstReplayId - 1;
    }

    /** Stores one event; {@code data} receives the event's replay id. */
    Stored append(String channel, LongFunction<Map<String, Object>> data) {
        long replayId = ++lastReplayId;
        Stored stored = new Stored(channel, replayId, clock.instant(), data.apply(replayId));
        byChannel.computeIfAbsent(channel, c -> new ArrayDeque<>()).addLast(stored);
        return stored;
    }

    /**
     * The retained events after {@code replayId} ({@link #ALL_RETAINED}: all of them, {@link #NEW_EVENTS}: none);
     * empty when {@code replayId} is not within the retained range of the channel.
     */
    Optional<List<Stored>> after(String channel, long replayId) {
        Deque<Stored> events = retained(channel);
        if (replayId == NEW_EVENTS) {
            return Optional.of(List.of());
        }
        if (replayId == ALL_RETAINED) {
            return Optional.of(List.copyOf(events));
        }
        if (events.isEmpty() || replayId < events.getFirst().replayId() || replayId > events.getLast().replayId()) {
            return Optional.empty();
        }
        return Optional.of(events.stream().filter(e -> e.replayId() > replayId).toList());
    }

    Optional<Stored> find(String channel, long replayId) {
        return retained(channel).stream().filter(e -> e.replayId() == replayId).findFirst();
    }

    List<Stored> all(String channel) {
        return List.copyOf(retained(channel));
    }

    /** Drops every event stored so far, as if the retention window had passed over them. */
    void purgeAll() {
        purgedThrough = lastReplayId;
    }

    private Deque<Stored> retained(String channel) {
        Deque<Stored> events = byChannel.computeIfAbsent(channel, c -> new ArrayDeque<>());
        Instant oldestKept = clock.instant().minus(retention);
        while (!events.isEmpty() && (events.getFirst().storedAt().isBefore(oldestKept)
                || events.getFirst().replayId() <= purgedThrough)) {
            events.removeFirst();
        }
        return events;
    }
}
