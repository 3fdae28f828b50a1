package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import io.revloop.sandbox.salesforce.ChangeEventStore.Stored;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.ServerSessionImpl;

/**
 * Stores each change event and delivers it to the sessions subscribed to its channels.
 *
 * <p>Delivery is done here rather than by CometD's channel broadcast so that a subscriber that asked for a replay
 * gets the replayed events first, after its {@code /meta/subscribe} reply, and only then the live ones, in replay-id
 * order, and so that drills can duplicate or reorder deliveries. One lock serialises the store, the subscriptions
 * and the session queues they feed.
 */
final class ChangeEventDelivery {

    private static final class Subscription {
        /** Replayed and live events held until the subscribe reply is on the wire; null once released. */
        List<Stored> held;

        Subscription(List<Stored> replay) {
            held = new ArrayList<>(replay);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ChangeEventStore store;
    private final Map<String, Map<ServerSession, Subscription>> subscriptions = new LinkedHashMap<>();
    private BayeuxServer bayeux;
    private boolean swapNext;
    private List<Stored> heldForSwap;

    ChangeEventDelivery(ChangeEventStore store) {
        this.store = store;
    }

    void attach(BayeuxServer bayeux) {
        lock.lock();
        try {
            this.bayeux = bayeux;
        } finally {
            lock.unlock();
        }
    }

    void forgetSubscriptions() {
        lock.lock();
        try {
            subscriptions.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Stores {@code event} on each of its channels and delivers every copy. */
    List<Stored> publish(ChangeEvent event) {
        lock.lock();
        try {
            List<Stored> copies = new ArrayList<>();
            for (String channel : ChangeEventWire.channels(event.entityName())) {
                copies.add(store.append(channel, replayId -> ChangeEventWire.data(event, replayId)));
            }
            if (swapNext) {
                swapNext = false;
                heldForSwap = copies;
                return copies;
            }
            List<Stored> toDeliver = new ArrayList<>(copies);
            if (heldForSwap != null) {
                toDeliver.addAll(heldForSwap);
                heldForSwap = null;
            }
            deliverToSubscribers(toDeliver);
            return copies;
        } finally {
            lock.unlock();
        }
    }

    /** Retained events after {@code replayId}, or empty when the id is outside the retained range. */
    Optional<List<Stored>> replayable(String channel, long replayId) {
        lock.lock();
        try {
            return store.after(channel, replayId);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers a subscription whose replay is held back until {@link #release} is called once the subscribe reply
     * has been written. An id that went out of range since the subscribe was validated replays only new events.
     */
    void subscribed(ServerSession session, String channel, long replayId) {
        lock.lock();
        try {
            List<Stored> replay = store.after(channel, replayId).orElse(List.of());
            subscriptions.computeIfAbsent(channel, c -> new LinkedHashMap<>()).put(session, new Subscription(replay));
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what was held for the subscription and switches it to live delivery. */
    void release(ServerSession session, String channel) {
        lock.lock();
        try {
            Subscription subscription = subscriptions.getOrDefault(channel, Map.of()).get(session);
            if (subscription != null && subscription.held != null) {
                List<Stored> held = subscription.held;
                subscription.held = null;
                inOneReply(List.of(session), () -> held.forEach(stored -> deliver(session, stored)));
            }
        } finally {
            lock.unlock();
        }
    }

    void unsubscribed(ServerSession session, String channel) {
        lock.lock();
        try {
            Map<ServerSession, Subscription> subscribers = subscriptions.get(channel);
            if (subscribers != null) {
                subscribers.remove(session);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Delivers an already delivered event once more to the channel's current subscribers. */
    void redeliver(String channel, long replayId) {
        lock.lock();
        try {
            Stored stored = store.find(channel, replayId)
                    .orElseThrow(() -> new IllegalArgumentException("No retained event " + replayId + " on " + channel));
            deliverToSubscribers(List.of(stored));
        } finally {
            lock.unlock();
        }
    }

    /** The next published change is held back and delivered right after the one that follows it. */
    void swapNextTwo() {
        lock.lock();
        try {
            swapNext = true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a swap in progress: an event held for the swap is delivered now; a swap not yet begun is cancelled. */
    void endSwap() {
        lock.lock();
        try {
            swapNext = false;
            if (heldForSwap != null) {
                deliverToSubscribers(heldForSwap);
                heldForSwap = null;
            }
        } finally {
            lock.unlock();
        }
    }

    void purgeAll() {
        lock.lock();
        try {
            store.purgeAll();
        } finally {
            lock.unlock();
        }
    }

    int liveSubscribers(String channel) {
        lock.lock();
        try {
            return (int) subscriptions.getOrDefault(channel, Map.of()).values().stream()
                    .filter(subscription -> subscription.held == null).count();
        } finally {
            lock.unlock();
        }
    }

    List<Stored> retained(String channel) {
        lock.lock();
        try {
            return store.all(channel);
        } finally {
            lock.unlock();
        }
    }

    private void deliverToSubscribers(List<Stored> events) {
        Set<ServerSession> sessions = new LinkedHashSet<>();
        events.forEach(stored -> sessions.addAll(subscriptions.getOrDefault(stored.channel(), Map.of()).keySet()));
        inOneReply(sessions, () -> {
            for (Stored stored : events) {
                Map<ServerSession, Subscription> subscribers = subscriptions.getOrDefault(stored.channel(), Map.of());
                for (Map.Entry<ServerSession, Subscription> entry : List.copyOf(subscribers.entrySet())) {
                    Subscription subscription = entry.getValue();
                    if (subscription.held != null) {
                        subscription.held.add(stored);
                    } else {
                        deliver(entry.getKey(), stored);
                    }
                }
            }
        });
    }

    /** Queues everything {@code deliveries} sends before waking the sessions' long polls, so it leaves together. */
    private static void inOneReply(Collection<ServerSession> sessions, Runnable deliveries) {
        sessions.forEach(session -> ((ServerSessionImpl) session).startBatch());
        try {
            deliveries.run();
        } finally {
            sessions.forEach(session -> ((ServerSessionImpl) session).endBatch());
        }
    }

    private void deliver(ServerSession session, Stored stored) {
        ServerMessage.Mutable message = bayeux.newMessage();
        message.setChannel(stored.channel());
        message.setData(stored.data());
        session.deliver(null, message, Promise.noop());
    }
}
