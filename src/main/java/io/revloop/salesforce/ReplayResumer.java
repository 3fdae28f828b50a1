package io.revloop.salesforce;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.EventNotifierSupport;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes every CDC subscription start from revloop's own checkpoint, never from camel-salesforce's in-memory
 * "last received" replay id, and turns a lost position into an alert plus a resync instead of a silent skip.
 *
 * <ul>
 *   <li>Before a {@code salesforce:subscribe:data/...} route starts, the endpoint's {@code replayId} is set from
 *       the checkpoint (or {@code revloop.cdc.default-replay-id}) and {@code fallBackReplayId} to -2. Every later
 *       subscribe of the client, a reconnect's included, sends the last stored replay id
 *       ({@link StoredReplayExtension}).</li>
 *   <li>A checkpoint older than the retention window is a gap: alert, resync from its commit time, replay -2.</li>
 *   <li>A {@code 400::The replayId ... was invalid} subscribe failure is a gap too (Camel would fall back
 *       silently).</li>
 *   <li>When the intake halts after a failed store, the route is restarted so it resubscribes from the
 *       checkpoint.</li>
 *   <li>A {@code /meta/connect} reply lost in transport (larger than the client's buffer, cut off, timed out) took
 *       its events with it, and the server will not send them again on that session: the intake halts and the
 *       route resubscribes from the checkpoint. When the replay from the same checkpoint is lost again, or there
 *       is no checkpoint and the route subscribes for new events only, the lost events cannot be replayed: it is a
 *       gap (new events only, and a resync from the checkpoint's commit time).</li>
 * </ul>
 */
@Component
public class ReplayResumer extends EventNotifierSupport implements CamelContextConfiguration, RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayResumer.class);
    private static final Pattern INVALID_REPLAY = Pattern.compile("400::The replayId \\{.*} you provided was invalid.*");
    static final long ALL_RETAINED = -2L;
    static final long NEW_EVENTS = -1L;
    private static final long NO_CHECKPOINT = Long.MIN_VALUE;
    private static final Duration RESUBSCRIBE_GRACE = Duration.ofSeconds(30);

    private final CheckpointStore checkpoints;
    private final CdcProperties properties;
    private final CdcGapMonitor gaps;
    private final ObjectProvider<SalesforceResync> resyncProvider;
    private final ObjectProvider<CdcIntake> intakeProvider;
    private final ObjectProvider<CamelContext> camelProvider;
    private final Clock clock;
    private final ObjectProvider<StreamingConnection> connection;
    private final AtomicBoolean restartPending = new AtomicBoolean();
    /** The checkpoint at a lost reply, until the route resubscribes; then {@link #retriedAfterLoss}. */
    private final AtomicReference<Long> lostAt = new AtomicReference<>();
    /** The checkpoint the last resubscribe after a lost reply started from. */
    private volatile Long retriedAfterLoss;
    private final Set<String> resumedAhead = ConcurrentHashMap.newKeySet();
    private final Set<BayeuxClient> watched = Collections.newSetFromMap(new WeakHashMap<>());
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdc-intake-restart");
        t.setDaemon(true);
        return t;
    });

    /**
     * The CamelContext and the beans that need it come as providers: camel-spring-boot collects EventNotifier beans
     * while it creates the CamelContext and silently skips any that cannot be created yet, and this one must be
     * registered before the first route starts.
     */
    public ReplayResumer(CheckpointStore checkpoints, CdcProperties properties, CdcGapMonitor gaps,
            ObjectProvider<SalesforceResync> resync, ObjectProvider<CdcIntake> intake,
            ObjectProvider<CamelContext> camel, Clock clock, ObjectProvider<StreamingConnection> connection) {
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.gaps = gaps;
        this.resyncProvider = resync;
        this.intakeProvider = intake;
        this.camelProvider = camel;
        this.clock = clock;
        this.connection = connection;
    }

    /** Safety net should the notifier not have been collected with the CamelContext. */
    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        if (!camelContext.getManagementStrategy().getEventNotifiers().contains(this)) {
            LOG.warn("ReplayResumer was not registered with the CamelContext; registering late");
            camelContext.getManagementStrategy().addEventNotifier(this);
            ServiceHelper.startService(this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (event instanceof CamelEvent.RouteStartingEvent || event instanceof CamelEvent.RouteStartedEvent) {
            return cdcEndpoint(((CamelEvent.RouteEvent) event).getRoute()).isPresent();
        }
        return event instanceof CamelEvent.ExchangeFailedEvent failed && intakeProvider.getObject().isHalted()
                && failed.getExchange().getFromRouteId() != null
                && cdcEndpoint(camelProvider.getObject().getRoute(failed.getExchange().getFromRouteId())).isPresent();
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteStartingEvent starting) {
            if (!resumedAhead.remove(starting.getRoute().getRouteId())) {
                resume(starting.getRoute());
            }
        } else if (event instanceof CamelEvent.RouteStartedEvent started) {
            SalesforceEndpoint endpoint = cdcEndpoint(started.getRoute()).orElseThrow();
            watchClient(endpoint, channelOf(endpoint), started.getRoute().getId());
        } else if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
            scheduleRestart(failed.getExchange().getFromRouteId());
        }
    }

    /**
     * On context start Camel starts the consumers (and camel-salesforce sends its subscribe) before it announces
     * RouteStartingEvent, so the replay id is set when the route is initialised, ahead of its consumer.
     */
    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return new RoutePolicySupport() {
            @Override
            public void onInit(Route initialised) {
                resumeAhead(initialised);
            }
        };
    }

    private void resumeAhead(Route route) {
        if (cdcEndpoint(route).isPresent()) {
            resume(route);
            resumedAhead.add(route.getRouteId());
        }
    }

    private void resume(Route route) {
        SalesforceEndpoint endpoint = cdcEndpoint(route).orElseThrow();
        String channel = channelOf(endpoint);
        intakeProvider.getObject().resumed(channel, resumeFromCheckpoint(endpoint, channel));
        restartPending.set(false);
    }

    /** Sets the replay id the next subscribe sends; returns it. */
    long resumeFromCheckpoint(SalesforceEndpoint endpoint, String channel) {
        Instant now = clock.instant();
        Optional<CheckpointStore.Checkpoint> checkpoint = checkpoints.find(channel);
        Long lost = lostAt.getAndSet(null);
        long position = checkpoint.map(CheckpointStore.Checkpoint::replayId).orElse(NO_CHECKPOINT);
        boolean lostTwice = lost != null && lost.equals(retriedAfterLoss);
        // with no checkpoint and "new events only", a resubscribe would not bring the lost events back
        boolean notReplayable = lost != null && checkpoint.isEmpty() && properties.defaultReplayId() == NEW_EVENTS;
        long replayId;
        if (lostTwice || notReplayable) {
            replayId = NEW_EVENTS;
            gaps.gapDetected(channel, "events " + (checkpoint.isPresent() ? "after stored replay id " + position
                    : "before the first stored one") + " were lost in transport" + (lostTwice ? " twice" : "")
                    + " (a reply larger than SALESFORCE_STREAMING_MAX_MESSAGE_SIZE?)");
            Instant since = checkpoint.map(ReplayResumer::position).orElse(properties.defaultReplayId() == ALL_RETAINED
                    ? now.minus(properties.retention()) : now);
            resyncProvider.getObject().queueResync(since, "lost events of " + channel);
        } else if (checkpoint.isEmpty()) {
            replayId = properties.defaultReplayId();
            LOG.info("No checkpoint for {}: subscribing with replay id {}", channel, replayId);
        } else if (expired(checkpoint.get(), now)) {
            replayId = ALL_RETAINED;
            gaps.gapDetected(channel, "checkpoint from " + checkpoint.get().commitTimestamp()
                    + " is outside the " + properties.retention() + " retention window");
            resyncProvider.getObject().queueResync(position(checkpoint.get()),
                    "expired checkpoint of " + channel);
        } else {
            replayId = checkpoint.get().replayId();
            LOG.info("Resuming {} after stored replay id {}", channel, replayId);
        }
        retriedAfterLoss = lost != null && replayId != NEW_EVENTS ? position : null;
        endpoint.setReplayId(replayId);
        endpoint.getConfiguration().setFallBackReplayId(ALL_RETAINED);
        overrideStaticReplayMap(channel, replayId);
        return replayId;
    }

    private boolean expired(CheckpointStore.Checkpoint c, Instant now) {
        return Duration.between(position(c), now).compareTo(properties.retention()) > 0;
    }

    private static Instant position(CheckpointStore.Checkpoint c) {
        return c.commitTimestamp() != null ? c.commitTimestamp() : c.updatedAt();
    }

    /**
     * camel-salesforce 4.17 keeps replay ids in the static {@code SubscriptionHelper.REPLAY_EXTENSION} and only
     * puts the configured id if absent, so after an in-JVM restart the last received (not stored) id would win.
     * Fixed in 4.18 by making the extension per helper (see salesforce-api.md §2.3); remove with the upgrade.
     */
    static void overrideStaticReplayMap(String channel, long replayId) {
        try {
            Field f = SubscriptionHelper.class.getDeclaredField("REPLAY_EXTENSION");
            f.setAccessible(true);
            Object extension = f.get(null);
            extension.getClass().getMethod("setReplayId", String.class, long.class)
                    .invoke(extension, channel, replayId);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot reset the camel-salesforce replay id of " + channel
                    + "; refusing to resume from an unknown position", e);
        }
    }

    /**
     * Watches subscribe replies, where camel-salesforce hides an invalid replay id behind its fallback, and connect
     * replies lost in transport, which it does not see at all.
     */
    private void watchClient(SalesforceEndpoint endpoint, String channel, String routeId) {
        try {
            SubscriptionHelper helper = endpoint.getComponent().getSubscriptionHelper();
            Field f = SubscriptionHelper.class.getDeclaredField("client");
            f.setAccessible(true);
            BayeuxClient client = (BayeuxClient) f.get(helper);
            synchronized (watched) {
                if (client == null || !watched.add(client)) {
                    return;
                }
            }
            connection.ifAvailable(c -> c.watch(client, channel));
            StoredReplayExtension.install(client, channel, intakeProvider.getObject()::resumeAfter);
            client.getChannel(Channel.META_SUBSCRIBE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
                Object error = m.get("error");
                if (!m.isSuccessful() && error != null && INVALID_REPLAY.matcher(error.toString()).matches()) {
                    onInvalidReplayId(String.valueOf(m.get(Message.SUBSCRIPTION_FIELD)));
                }
                if (!m.isSuccessful() && channel.equals(String.valueOf(m.get(Message.SUBSCRIPTION_FIELD)))) {
                    resubscribeIfStillRefused(routeId);
                }
            });
            // Runs on the thread that failed the reply, before the client polls again on the same session.
            client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
                Throwable cause = transportFailure(m);
                if (cause != null) {
                    onReplyLost(channel, routeId, cause);
                }
            });
        } catch (Exception e) {
            LOG.warn("Cannot watch CDC subscribe replies of {} ({}); only the retention check guards gaps", channel,
                    e.toString());
        }
    }

    /**
     * camel-salesforce 4.17 may never send another subscribe after a refused one (a listener race between its
     * subscribe and connect handlers): if no subscribe has succeeded after a grace period, restart the route so it
     * subscribes again from the checkpoint.
     */
    private void resubscribeIfStillRefused(String routeId) {
        restarts.schedule(() -> {
            StreamingConnection state = connection.getIfAvailable();
            if (state != null && !state.subscribed()) {
                scheduleRestart(routeId);
            }
        }, RESUBSCRIBE_GRACE.toSeconds(), TimeUnit.SECONDS);
    }

    /** The exception of a reply the client never got (CometD reports it as a failure field), or null. */
    static Throwable transportFailure(Message reply) {
        if (!reply.isSuccessful() && reply.get("failure") instanceof Map<?, ?> failure
                && failure.get("exception") instanceof Throwable cause) {
            return cause;
        }
        return null;
    }

    /**
     * The events of a lost {@code /meta/connect} reply are gone from the session. Storing later ones would move the
     * checkpoint past them, so the intake halts and the route resubscribes from the checkpoint.
     */
    void onReplyLost(String channel, String routeId, Throwable cause) {
        CdcIntake intake = intakeProvider.getObject();
        if (intake.isHalted()) {
            return;
        }
        lostAt.set(checkpoints.find(channel).map(CheckpointStore.Checkpoint::replayId).orElse(NO_CHECKPOINT));
        intake.halt(channel, "a /meta/connect reply was lost in transport (" + cause + ")");
        scheduleRestart(routeId);
    }

    void onInvalidReplayId(String channel) {
        // camel-salesforce resubscribes with the fallback; StoredReplayExtension must not send the rejected id again
        intakeProvider.getObject().resumed(channel, ALL_RETAINED);
        gaps.gapDetected(channel, "Salesforce rejected the stored replay id");
        Instant since = checkpoints.find(channel).map(ReplayResumer::position)
                .orElse(clock.instant().minus(properties.retention()));
        resyncProvider.getObject().queueResync(since, "invalid replay id on " + channel);
    }

    private void scheduleRestart(String routeId) {
        if (!restartPending.compareAndSet(false, true)) {
            return;
        }
        restarts.schedule(() -> {
            try {
                LOG.warn("Restarting {} to resubscribe from its checkpoint", routeId);
                camelProvider.getObject().getRouteController().stopRoute(routeId);
                resumeAhead(camelProvider.getObject().getRoute(routeId));
                camelProvider.getObject().getRouteController().startRoute(routeId);
            } catch (Exception e) {
                LOG.error("Restart of {} failed: {}", routeId, e.toString());
            }
        }, 1, TimeUnit.SECONDS);
    }

    static String channelOf(SalesforceEndpoint endpoint) {
        String topic = endpoint.getTopicName();
        return topic.startsWith("/") ? topic : "/" + topic;
    }

    private static Optional<SalesforceEndpoint> cdcEndpoint(Route route) {
        if (route == null) {
            return Optional.empty();
        }
        Endpoint e = route.getEndpoint();
        if (e instanceof SalesforceEndpoint sf && sf.getTopicName() != null
                && channelOf(sf).startsWith("/data/")) {
            return Optional.of(sf);
        }
        return Optional.empty();
    }
}
