package io.revloop.salesforce;

import io.revloop.observability.StreamingStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * What the CometD meta channels say about the CDC subscription: connected once a handshake, a connect and our
 * subscription have succeeded; not connected after any of them fails. camel-salesforce 4.17 can stop resubscribing
 * after a refused subscribe without telling the route, so health must come from the wire, not the route state.
 */
@Component
@ConditionalOnProperty(name = "revloop.cdc.enabled", havingValue = "true", matchIfMissing = true)
public class StreamingConnection implements StreamingStatus {

    private final CdcIntake intake;
    private final Clock clock;
    private volatile boolean handshaken;
    private volatile boolean subscribed;
    private volatile boolean connectOk;
    private volatile String lastError;
    private volatile Instant lastFailureAt;

    public StreamingConnection(CdcIntake intake, Clock clock) {
        this.intake = intake;
        this.clock = clock;
    }

    void watch(BayeuxClient client, String channel) {
        // The consumer's first handshake, connect and subscribe happen before the route reports started.
        handshaken = client.isHandshook();
        connectOk = client.isConnected();
        subscribed = connectOk;
        client.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
            handshaken = m.isSuccessful();
            if (!handshaken) {
                failed("handshake", m);
                subscribed = false;
            }
        });
        client.getChannel(Channel.META_CONNECT).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
            connectOk = m.isSuccessful();
            if (!connectOk) {
                failed("connect", m);
            }
        });
        client.getChannel(Channel.META_SUBSCRIBE).addListener((ClientSessionChannel.MessageListener) (c, m) -> {
            if (channel.equals(String.valueOf(m.get(Message.SUBSCRIPTION_FIELD)))) {
                subscribed = m.isSuccessful();
                if (!subscribed) {
                    failed("subscribe " + channel, m);
                }
            }
        });
    }

    private void failed(String what, Message m) {
        lastError = what + ": " + m.get(Message.ERROR_FIELD);
        lastFailureAt = clock.instant();
    }

    /** True while subscribed; false since a failure that no successful subscribe has followed. */
    public boolean subscribed() {
        return subscribed;
    }

    public Optional<Instant> lastFailureAt() {
        return Optional.ofNullable(lastFailureAt);
    }

    @Override
    public boolean connected() {
        return handshaken && connectOk && subscribed && !intake.isHalted();
    }

    @Override
    public Optional<Instant> lastEventAt() {
        return Optional.ofNullable(intake.getLastStoredAt());
    }

    @Override
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }
}
