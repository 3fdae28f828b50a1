package io.revloop.salesforce;

import java.lang.reflect.Field;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper;
import org.apache.camel.spi.CamelEvent;
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
 *       the checkpoint (or {@code revloop.cdc.default-replay-id}) and {@code fallBackReplayId} to -2.</li>
 *   <li>A checkpoint older than the retention window is a gap: alert, resync from its commit time, replay -2.</li>
 *   <li>A {@code 400::The replayId ... was invalid} subscribe failure is a gap too (Camel would fall back
 *       silently).</li>
 *   <li>When the intake halts after a failed store, the route is restarted so it resubscribes from the
 *       checkpoint.</li>
 * </ul>
 */
@Component
public class ReplayResumer extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayResumer.class);
    private static final Pattern INVALID_REPLAY = Pattern.compile("400::The replayId \\{.*} you provided was invalid.*");
    static final long ALL_RETAINED = -2L;
    private static final Duration RESUBSCRIBE_GRACE = Duration.ofSeconds(30);

    private final CheckpointStore checkpoints;
    private final CdcProperties properties;
    private final CdcGapMonitor gaps;
    private final SalesforceResync resync;
    private final CdcIntake intake;
    private final CamelContext camel;
    private final Clock clock;
    private final ObjectProvider<StreamingConnection> connection;
    private final AtomicBoolean restartPending = new AtomicBoolean();
    private final Set<BayeuxClient> watched = Collections.newSetFromMap(new WeakHashMap<>());
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cdc-intake-restart");
        t.setDaemon(true);
        return t;
    });

    public ReplayResumer(CheckpointStore checkpoints, CdcProperties properties, CdcGapMonitor gaps,
            SalesforceResync resync, CdcIntake intake, CamelContext camel, Clock clock,
            ObjectProvider<StreamingConnection> connection) {
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.gaps = gaps;
        this.resync = resync;
        this.intake = intake;
        this.camel = camel;
        this.clock = clock;
        this.connection = connection;
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        if (event instanceof CamelEvent.RouteStartingEvent || event instanceof CamelEvent.RouteStartedEvent) {
            return cdcEndpoint(((CamelEvent.RouteEvent) event).getRoute()).isPresent();
        }
        return event instanceof CamelEvent.ExchangeFailedEvent failed && intake.isHalted()
                && failed.getExchange().getFromRouteId() != null
                && cdcEndpoint(camel.getRoute(failed.getExchange().getFromRouteId())).isPresent();
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteStartingEvent starting) {
            SalesforceEndpoint endpoint = cdcEndpoint(starting.getRoute()).orElseThrow();
            resumeFromCheckpoint(endpoint, channelOf(endpoint));
            intake.resumed();
            restartPending.set(false);
        } else if (event instanceof CamelEvent.RouteStartedEvent started) {
            SalesforceEndpoint endpoint = cdcEndpoint(started.getRoute()).orElseThrow();
            watchSubscribeFailures(endpoint, channelOf(endpoint), started.getRoute().getId());
        } else if (event instanceof CamelEvent.ExchangeFailedEvent failed) {
            scheduleRestart(failed.getExchange().getFromRouteId());
        }
    }

    /** Sets the replay id the next subscribe sends; returns it. */
    long resumeFromCheckpoint(SalesforceEndpoint endpoint, String channel) {
        Instant now = clock.instant();
        Optional<CheckpointStore.Checkpoint> checkpoint = checkpoints.find(channel);
        long replayId;
        if (checkpoint.isEmpty()) {
            replayId = properties.defaultReplayId();
            LOG.info("No checkpoint for {}: subscribing with replay id {}", channel, replayId);
        } else if (expired(checkpoint.get(), now)) {
            replayId = ALL_RETAINED;
            gaps.gapDetected(channel, "checkpoint from " + checkpoint.get().commitTimestamp()
                    + " is outside the " + properties.retention() + " retention window");
            resync.resyncAllAsync(checkpoint.get().commitTimestamp().minus(properties.resyncMargin()),
                    "expired checkpoint of " + channel);
        } else {
            replayId = checkpoint.get().replayId();
            LOG.info("Resuming {} after stored replay id {}", channel, replayId);
        }
        endpoint.setReplayId(replayId);
        endpoint.getConfiguration().setFallBackReplayId(ALL_RETAINED);
        overrideStaticReplayMap(channel, replayId);
        return replayId;
    }

    private boolean expired(CheckpointStore.Checkpoint c, Instant now) {
        Instant position = c.commitTimestamp() != null ? c.commitTimestamp() : c.updatedAt();
        return Duration.between(position, now).compareTo(properties.retention()) > 0;
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

    /** Watches subscribe replies, where camel-salesforce hides an invalid replay id behind its fallback. */
    private void watchSubscribeFailures(SalesforceEndpoint endpoint, String channel, String routeId) {
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
            client.getChannel(Channel.META_SUBSCRIBE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
                Object error = m.get("error");
                if (!m.isSuccessful() && error != null && INVALID_REPLAY.matcher(error.toString()).matches()) {
                    onInvalidReplayId(String.valueOf(m.get(Message.SUBSCRIPTION_FIELD)));
                }
                if (!m.isSuccessful() && channel.equals(String.valueOf(m.get(Message.SUBSCRIPTION_FIELD)))) {
                    resubscribeIfStillRefused(routeId);
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

    void onInvalidReplayId(String channel) {
        gaps.gapDetected(channel, "Salesforce rejected the stored replay id");
        Instant since = checkpoints.find(channel).map(CheckpointStore.Checkpoint::commitTimestamp)
                .orElse(clock.instant().minus(properties.retention()));
        resync.resyncAllAsync(since.minus(properties.resyncMargin()), "invalid replay id on " + channel);
    }

    private void scheduleRestart(String routeId) {
        if (!restartPending.compareAndSet(false, true)) {
            return;
        }
        restarts.schedule(() -> {
            try {
                LOG.warn("Restarting {} to resubscribe from its checkpoint", routeId);
                camel.getRouteController().stopRoute(routeId);
                camel.getRouteController().startRoute(routeId);
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
