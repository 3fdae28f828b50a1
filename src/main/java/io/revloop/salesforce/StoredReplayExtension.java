package io.revloop.salesforce;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.camel.component.salesforce.internal.streaming.ReplayExtension;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.client.BayeuxClient;

/**
 * Makes every {@code /meta/subscribe} of the CDC channel ask for the events after the last <em>stored</em> one.
 *
 * <p>camel-salesforce's {@link ReplayExtension} sends the last <em>received</em> replay id, which moves when a message
 * arrives, before the message is stored or even handed to a listener. While the intake route restarts its listener
 * is gone but messages of the old subscription still arrive, so the resubscribe would start after events that were
 * never stored, and they would be lost.
 */
final class StoredReplayExtension implements ClientSession.Extension {

    private static final String REPLAY = "replay";

    private final String channel;
    private final Function<String, OptionalLong> stored;

    private StoredReplayExtension(String channel, Function<String, OptionalLong> stored) {
        this.channel = channel;
        this.stored = stored;
    }

    /**
     * Adds the extension so that it handles outgoing messages after camel-salesforce's (CometD applies outgoing
     * extensions in reverse order of registration).
     */
    static void install(BayeuxClient client, String channel, Function<String, OptionalLong> stored) {
        var theirs = client.getExtensions().stream().filter(ReplayExtension.class::isInstance).toList();
        theirs.forEach(client::removeExtension);
        client.addExtension(new StoredReplayExtension(channel, stored));
        theirs.forEach(client::addExtension);
    }

    @Override
    public boolean sendMeta(ClientSession session, Message.Mutable message) {
        if (!Channel.META_SUBSCRIBE.equals(message.getChannel())
                || !channel.equals(message.get(Message.SUBSCRIPTION_FIELD))) {
            return true;
        }
        OptionalLong position = stored.apply(channel);
        if (position.isPresent() && message.getExt() != null
                && message.getExt().get(REPLAY) instanceof Map<?, ?> sent) {
            // a copy: what camel-salesforce put there is its own live map
            Map<Object, Object> replay = new HashMap<>(sent);
            replay.put(channel, position.getAsLong());
            message.getExt().put(REPLAY, replay);
        }
        return true;
    }
}
