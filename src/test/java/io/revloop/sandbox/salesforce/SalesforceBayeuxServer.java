package io.revloop.sandbox.salesforce;

import java.util.Map;

import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.server.BayeuxServerImpl;
import org.cometd.server.ServerSessionImpl;

/**
 * CometD's server with Salesforce's error texts: {@code 403::Unknown client} instead of {@code 402::session_unknown},
 * and a gate that answers {@code /meta/*} requests of known sessions with Salesforce's errors before CometD handles
 * them (expired token, invalid replay id, unknown channel, server too busy).
 */
final class SalesforceBayeuxServer extends BayeuxServerImpl {

    /** Salesforce's refusal of one meta request. */
    record Rejection(String error, String failureReason) {
    }

    interface MetaGate {
        /** A rejection, or null to let CometD handle the request. */
        Rejection check(ServerSessionImpl session, ServerMessage.Mutable message);

        /** Called after CometD handled a request the gate let through. */
        void handled(ServerSessionImpl session, ServerMessage.Mutable message, ServerMessage.Mutable reply);
    }

    static final String UNKNOWN_CLIENT = "403::Unknown client";

    private final MetaGate gate;
    private final WireLog wireLog;

    SalesforceBayeuxServer(MetaGate gate, WireLog wireLog) {
        this.gate = gate;
        this.wireLog = wireLog;
    }

    @Override
    public void handle(ServerSessionImpl session, ServerMessage.Mutable message, Promise<ServerMessage.Mutable> promise) {
        if (message.isMeta()) {
            wireLog.record("in", message);
        }
        if (!message.isMeta() || !isKnown(session, message)) {
            super.handle(session, message, promise);
            return;
        }
        Rejection rejection = gate.check(session, message);
        if (rejection != null) {
            ServerMessage.Mutable reply = createReply(message);
            reply.setClientId(message.getClientId());
            error(reply, rejection.error());
            if (rejection.failureReason() != null) {
                reply.getExt(true).put("sfdc", Map.of("failureReason", rejection.failureReason()));
            }
            promise.succeed(reply);
            return;
        }
        super.handle(session, message, Promise.from(reply -> {
            gate.handled(session, message, reply);
            promise.succeed(reply);
        }, promise::fail));
    }

    private static boolean isKnown(ServerSessionImpl session, ServerMessage.Mutable message) {
        if (Channel.META_HANDSHAKE.equals(message.getChannel())) {
            return session != null;
        }
        return session != null && !session.isDisconnected() && session.getId().equals(message.getClientId());
    }

    @Override
    protected void unknownSession(ServerMessage.Mutable reply) {
        error(reply, UNKNOWN_CLIENT);
        if (!Channel.META_CONNECT.equals(reply.getChannel()) && !Channel.META_HANDSHAKE.equals(reply.getChannel())) {
            return;
        }
        Map<String, Object> advice = reply.getAdvice(true);
        advice.put(Message.RECONNECT_FIELD, Message.RECONNECT_HANDSHAKE_VALUE);
        advice.put(Message.INTERVAL_FIELD, 0L);
    }
}
