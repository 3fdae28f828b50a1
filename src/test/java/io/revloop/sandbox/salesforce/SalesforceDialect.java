package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.BayeuxServerImpl;

/**
 * Rewrites CometD's replies into Salesforce's: the replay extension in the handshake reply, {@code 403::Handshake
 * denied} with {@code ext.sfdc.failureReason} (camel-salesforce 4.17 throws a NullPointerException on a 403
 * handshake error without it), the advice Salesforce sends with each error, and the answer to a long poll of a
 * session the server ended. Also delays {@code /meta/connect} replies on request.
 */
final class SalesforceDialect implements BayeuxServer.Extension {

    /** Set on a session the server ended; its pending {@code /meta/connect} is answered with this error. */
    static final String ENDED_ATTRIBUTE = "sfdc.endedWith";

    private final BayeuxServerImpl bayeux;
    private final LongSupplier connectDelayMillis;
    private final WireLog wireLog;

    SalesforceDialect(BayeuxServerImpl bayeux, LongSupplier connectDelayMillis, WireLog wireLog) {
        this.bayeux = bayeux;
        this.connectDelayMillis = connectDelayMillis;
        this.wireLog = wireLog;
    }

    @Override
    public void outgoing(ServerSession from, ServerSession to, ServerMessage.Mutable message, Promise<Boolean> promise) {
        String channel = message.getChannel();
        if (Channel.META_HANDSHAKE.equals(channel)) {
            handshakeReply(to, message);
        } else if (Channel.META_CONNECT.equals(channel)) {
            Object endedWith = to == null ? null : to.getAttribute(ENDED_ATTRIBUTE);
            if (endedWith != null && message.isSuccessful()) {
                message.setSuccessful(false);
                message.put(Message.ERROR_FIELD, endedWith);
            }
        }
        String error = (String) message.get(Message.ERROR_FIELD);
        boolean advisable = Channel.META_CONNECT.equals(channel) || Channel.META_HANDSHAKE.equals(channel);
        if (error != null && !message.isSuccessful() && advisable) {
            adviseOn(error, message);
        }
        if (message.isMeta()) {
            wireLog.record("out", message);
        }
        long delay = connectDelayMillis.getAsLong();
        if (Channel.META_CONNECT.equals(channel) && message.isSuccessful() && delay > 0) {
            bayeux.schedule(() -> promise.succeed(true), delay);
            return;
        }
        promise.succeed(true);
    }

    private static void handshakeReply(ServerSession to, ServerMessage.Mutable reply) {
        if (reply.isSuccessful()) {
            Map<String, Object> ext = reply.getExt(true);
            ext.put("replay", true);
            ext.put("payload.format", true);
            return;
        }
        String error = (String) reply.get(Message.ERROR_FIELD);
        if (error != null && error.startsWith("403:")) {
            Object reason = to == null ? null : to.getAttribute(OAuthSecurityPolicy.FAILURE_REASON_ATTRIBUTE);
            reply.put(Message.ERROR_FIELD, "403::Handshake denied");
            reply.getExt(true).put("sfdc", new LinkedHashMap<>(Map.of("failureReason",
                    reason == null ? OAuthSecurityPolicy.AUTHENTICATION_INVALID : reason)));
        }
    }

    private static void adviseOn(String error, ServerMessage.Mutable reply) {
        Map<String, Object> advice = new LinkedHashMap<>();
        if (error.startsWith("401::")) {
            advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_NONE_VALUE);
            advice.put(Message.INTERVAL_FIELD, 0L);
        } else if (error.equals(SalesforceBayeuxServer.UNKNOWN_CLIENT)) {
            advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_HANDSHAKE_VALUE);
            advice.put(Message.INTERVAL_FIELD, 0L);
        } else if (error.startsWith("403::Handshake denied")) {
            advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_NONE_VALUE);
        } else {
            return;
        }
        reply.put(Message.ADVICE_FIELD, advice);
    }
}
