package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.function.BiConsumer;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.ServerSessionImpl;
import org.cometd.server.http.JSONHttpTransport;
import org.cometd.server.http.TransportContext;

/**
 * CometD's long-polling transport (Salesforce offers no other) that reports each successful {@code /meta/subscribe}
 * reply once it has been written, so replayed events reach the client after the reply, as on Salesforce.
 */
final class LongPollingTransport extends JSONHttpTransport {

    private final BiConsumer<ServerSession, String> subscribeReplyWritten;

    LongPollingTransport(BayeuxServerImpl bayeux, BiConsumer<ServerSession, String> subscribeReplyWritten) {
        super(bayeux);
        this.subscribeReplyWritten = subscribeReplyWritten;
    }

    @Override
    protected void writeComplete(TransportContext context, List<ServerMessage> messages) {
        super.writeComplete(context, messages);
        ServerSessionImpl session = context.session();
        if (session == null) {
            return;
        }
        for (ServerMessage.Mutable reply : context.replies()) {
            if (Channel.META_SUBSCRIBE.equals(reply.getChannel()) && reply.isSuccessful()
                    && reply.get(Message.SUBSCRIPTION_FIELD) instanceof String subscription) {
                subscribeReplyWritten.accept(session, subscription);
            }
        }
    }
}
