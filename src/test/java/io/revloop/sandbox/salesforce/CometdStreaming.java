package io.revloop.sandbox.salesforce;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.revloop.sandbox.salesforce.ChangeEventStore.Stored;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.AbstractServerTransport;
import org.cometd.server.ServerSessionImpl;
import org.cometd.server.http.jakarta.CometDServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The Salesforce sandbox's Streaming API: a CometD 9 server at {@code /cometd/{version}} speaking Salesforce's Bayeux
 * dialect, with Change Data Capture channels, replay ids and retention.
 *
 * <pre>
 * CometdStreaming streaming = new CometdStreaming(StreamingSettings.defaults());
 * streaming.install(context, tokens);   // before the server starts
 * orgStore.onCommit(streaming::publish);
 * streaming.faults().dropSessions();    // drills
 * </pre>
 */
public final class CometdStreaming implements StreamingEndpoint {

    static final String TOKEN_ATTRIBUTE = "sfdc.token";

    private static final Pattern API_VERSION = Pattern.compile("/cometd/(\\d+\\.\\d)(/.*)?$");
    private static final String DEFAULT_COMMIT_USER = "005000000000001AAA";

    private final StreamingSettings settings;
    private final ChangeEventDelivery delivery;
    private final StreamingFaults faults = new StreamingFaults(this);
    private final WireLog wireLog = new WireLog();
    private final Set<String> channels = new TreeSet<>();
    private final AtomicLong lastCommitNumber = new AtomicLong();
    private final AtomicReference<String> lastCommitUser = new AtomicReference<>(DEFAULT_COMMIT_USER);
    private final AtomicReference<Scheduler.Task> authCheck = new AtomicReference<>();
    private final OrgClock clock;
    private SalesforceBayeuxServer bayeux;
    private AccessTokens tokens;

    public CometdStreaming(StreamingSettings settings) {
        this.settings = settings;
        this.clock = new OrgClock(settings.clock());
        this.delivery = new ChangeEventDelivery(new ChangeEventStore(clock, settings.retention(), 1));
        channels.add(ChangeEventWire.ALL_CHANGE_EVENTS);
        settings.changeEventEntities().forEach(entity -> channels.add(ChangeEventWire.entityChannel(entity)));
    }

    public CometdStreaming() {
        this(StreamingSettings.defaults());
    }

    @Override
    public void install(ServletContextHandler context, AccessTokens tokens) {
        if (bayeux != null) {
            throw new IllegalStateException("Installed on a running server; stop() first");
        }
        this.tokens = tokens;
        bayeux = new SalesforceBayeuxServer(new Gate(), wireLog);
        bayeux.setOption(AbstractServerTransport.TIMEOUT_OPTION, settings.connectTimeout().toMillis());
        bayeux.setOption(AbstractServerTransport.INTERVAL_OPTION, 0L);
        bayeux.setOption(AbstractServerTransport.MAX_INTERVAL_OPTION, settings.maxInterval().toMillis());
        // Salesforce pushes events only in /meta/connect replies.
        bayeux.setOption(AbstractServerTransport.META_CONNECT_DELIVERY_OPTION, true);
        bayeux.addTransport(new LongPollingTransport(bayeux, delivery::release));
        bayeux.setSecurityPolicy(new OAuthSecurityPolicy(tokens));
        bayeux.addExtension(new SalesforceDialect(bayeux, faults::connectDelayMillis, wireLog));
        bayeux.addListener(new BayeuxServer.SubscriptionListener() {
            @Override
            public void unsubscribed(ServerSession session, ServerChannel channel, ServerMessage message) {
                delivery.unsubscribed(session, channel.getId());
            }
        });
        delivery.attach(bayeux);

        SalesforceBayeuxServer server = bayeux;
        ServletHolder holder = new ServletHolder("cometd", new CometDServlet() {
            @Override
            protected BayeuxServer newBayeuxServer() {
                return server;
            }

            @Override
            public void init() throws jakarta.servlet.ServletException {
                super.init();
                scheduleAuthCheck(server);
            }
        });
        holder.setAsyncSupported(true);
        holder.setInitOrder(1);
        context.addServlet(holder, "/cometd/*");
    }

    @Override
    public void stop() {
        Scheduler.Task task = authCheck.getAndSet(null);
        if (task != null) {
            task.cancel();
        }
        // Sessions end with the server; stored events stay, as the org's event bus outlives its clients.
        delivery.forgetSubscriptions();
        bayeux = null;
    }

    /** Stores the change and pushes it on {@code /data/<Entity>ChangeEvent} and {@code /data/ChangeEvents}. */
    @Override
    public void publish(ChangeEvent event) {
        if (!settings.changeEventEntities().contains(event.entityName())) {
            return;
        }
        lastCommitNumber.accumulateAndGet(event.commitNumber(), Math::max);
        if (event.commitUser() != null) {
            lastCommitUser.set(event.commitUser());
        }
        delivery.publish(event);
    }

    /**
     * Measures retention and synthetic commit timestamps on the org's own clock from now on, e.g.
     * {@code streaming.useClock(sandbox.clock()::now)}, so that advancing the org's time ages its events.
     */
    public CometdStreaming useClock(Supplier<Instant> now) {
        clock.source = now;
        return this;
    }

    public StreamingFaults faults() {
        return faults;
    }

    /** The last meta requests and replies, as they crossed the wire. */
    public WireLog wireLog() {
        return wireLog;
    }

    /** How many sessions receive live events from {@code channel} (their replay, if any, delivered). */
    public int liveSubscribers(String channel) {
        return delivery.liveSubscribers(channel);
    }

    public StreamingSettings settings() {
        return settings;
    }

    /** The replay ids retained on {@code channel}, oldest first. */
    public List<Long> replayIds(String channel) {
        return delivery.retained(channel).stream().map(Stored::replayId).toList();
    }

    /** The newest replay id on {@code channel}, if it holds any event. */
    public Optional<Long> latestReplayId(String channel) {
        List<Long> ids = replayIds(channel);
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(ids.size() - 1));
    }

    /** The CometD sessions currently open. */
    public int sessionCount() {
        SalesforceBayeuxServer server = bayeux;
        return server == null ? 0 : server.getSessions().size();
    }

    ChangeEventDelivery delivery() {
        return delivery;
    }

    ChangeEvent publishSynthetic(String changeType, String entityName, List<String> recordIds) {
        ChangeEvent event = new ChangeEvent(entityName, recordIds, changeType, "", UUID.randomUUID().toString(), 1,
                clock.millis(), lastCommitNumber.incrementAndGet(), lastCommitUser.get(), List.of(),
                List.of(), List.of(), Map.of());
        delivery.publish(event);
        return event;
    }

    int endSessions(String error) {
        SalesforceBayeuxServer server = bayeux;
        if (server == null) {
            return 0;
        }
        int ended = 0;
        for (ServerSession session : server.getSessions()) {
            if (!session.isLocalSession()) {
                end(server, session, error);
                ended++;
            }
        }
        return ended;
    }

    void wakeConnects() {
        SalesforceBayeuxServer server = bayeux;
        if (server == null) {
            return;
        }
        for (ServerSession session : server.getSessions()) {
            ((ServerSessionImpl) session).flush();
        }
    }

    /** Removes the session; its pending long poll, if any, is answered at once with {@code error}. */
    private static void end(SalesforceBayeuxServer server, ServerSession session, String error) {
        session.setAttribute(SalesforceDialect.ENDED_ATTRIBUTE, error);
        server.removeSession(session);
        ((ServerSessionImpl) session).flush();
    }

    private void scheduleAuthCheck(SalesforceBayeuxServer server) {
        long period = settings.authCheckInterval().toMillis();
        authCheck.set(server.schedule(new Runnable() {
            @Override
            public void run() {
                for (ServerSession session : server.getSessions()) {
                    Object token = session.getAttribute(TOKEN_ATTRIBUTE);
                    if (token != null && tokens.validate((String) token).isEmpty()) {
                        end(server, session, OAuthSecurityPolicy.AUTHENTICATION_INVALID);
                    }
                }
                if (authCheck.get() != null && server.isRunning()) {
                    authCheck.set(server.schedule(this, period));
                }
            }
        }, period));
    }

    private static final class OrgClock extends Clock {
        private volatile Supplier<Instant> source;

        OrgClock(Clock clock) {
            source = clock::instant;
        }

        @Override
        public Instant instant() {
            return source.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Salesforce's checks on {@code /meta/*} requests of known sessions. */
    private final class Gate implements SalesforceBayeuxServer.MetaGate {

        @Override
        public SalesforceBayeuxServer.Rejection check(ServerSessionImpl session, ServerMessage.Mutable message) {
            String channel = message.getChannel();
            if (Channel.META_HANDSHAKE.equals(channel)) {
                return checkApiVersion(message);
            }
            if (Channel.META_DISCONNECT.equals(channel)) {
                return null;
            }
            String token = OAuthSecurityPolicy.bearer(message.getBayeuxContext());
            if (token == null) {
                return new SalesforceBayeuxServer.Rejection(OAuthSecurityPolicy.AUTHENTICATION_REQUIRED, null);
            }
            if (tokens.validate(token).isEmpty()) {
                bayeux.removeSession(session);
                return new SalesforceBayeuxServer.Rejection(OAuthSecurityPolicy.AUTHENTICATION_INVALID, null);
            }
            session.setAttribute(TOKEN_ATTRIBUTE, token);
            if (Channel.META_SUBSCRIBE.equals(channel)) {
                return checkSubscribe(message);
            }
            return null;
        }

        @Override
        public void handled(ServerSessionImpl session, ServerMessage.Mutable message, ServerMessage.Mutable reply) {
            if (Channel.META_SUBSCRIBE.equals(message.getChannel()) && reply.isSuccessful()) {
                String subscription = (String) message.get(ServerMessage.SUBSCRIPTION_FIELD);
                delivery.subscribed(session, subscription, requestedReplayId(message, subscription));
            }
        }

        private SalesforceBayeuxServer.Rejection checkApiVersion(ServerMessage.Mutable message) {
            String url = message.getBayeuxContext() == null ? null : message.getBayeuxContext().getURL();
            if (url == null) {
                return null;
            }
            Matcher matcher = API_VERSION.matcher(url.replaceFirst("\\?.*$", ""));
            if (!matcher.find()) {
                return new SalesforceBayeuxServer.Rejection(
                        "400::API version in the URI is mandatory. URI format: '/cometd/60.0'", null);
            }
            if (Double.parseDouble(matcher.group(1)) < settings.minApiVersion()) {
                return new SalesforceBayeuxServer.Rejection("400::Unsupported API version. Only API versions '"
                        + settings.minApiVersion() + "' and above are supported. URI format: '/cometd/60.0'", null);
            }
            return null;
        }

        private SalesforceBayeuxServer.Rejection checkSubscribe(ServerMessage.Mutable message) {
            if (faults.takeBusySubscribe()) {
                return new SalesforceBayeuxServer.Rejection("503::Server is too busy", "503::Server is too busy");
            }
            if (!(message.get(ServerMessage.SUBSCRIPTION_FIELD) instanceof String subscription)) {
                return new SalesforceBayeuxServer.Rejection("400::Channel name not specified", null);
            }
            if (!subscription.startsWith("/")) {
                return new SalesforceBayeuxServer.Rejection(
                        "400::Channel subscriptions must start with a leading '/'", null);
            }
            if (!channels.contains(subscription)) {
                return new SalesforceBayeuxServer.Rejection(
                        "400::The channel you requested to subscribe to does not exist {" + subscription + "}", null);
            }
            long replayId = requestedReplayId(message, subscription);
            if (replayId < ChangeEventStore.ALL_RETAINED || delivery.replayable(subscription, replayId).isEmpty()) {
                return new SalesforceBayeuxServer.Rejection("400::The replayId {" + replayId
                        + "} you provided was invalid.  Please provide a valid ID, -2 to replay all events, "
                        + "or -1 to replay only new events.", null);
            }
            return null;
        }

        /** {@code ext.replay[channel]}; the client sends its whole map on every subscribe. */
        private long requestedReplayId(ServerMessage message, String subscription) {
            Map<String, Object> ext = message.getExt();
            if (ext != null && ext.get("replay") instanceof Map<?, ?> replay
                    && replay.get(subscription) instanceof Number replayId) {
                return replayId.longValue();
            }
            return ChangeEventStore.NEW_EVENTS;
        }
    }
}
