package io.revloop.sandbox.salesforce;

import java.util.Optional;

import org.cometd.bayeux.Promise;
import org.cometd.bayeux.server.BayeuxContext;
import org.cometd.bayeux.server.BayeuxServer;
import org.cometd.bayeux.server.ServerChannel;
import org.cometd.bayeux.server.ServerMessage;
import org.cometd.bayeux.server.ServerSession;
import org.cometd.server.DefaultSecurityPolicy;

/**
 * Admits a handshake only with a live OAuth token in {@code Authorization: OAuth <token>} (or {@code Bearer}), and
 * remembers the token's session. Clients cannot publish: Salesforce's Streaming API only pushes.
 */
final class OAuthSecurityPolicy extends DefaultSecurityPolicy {

    static final String SESSION_ATTRIBUTE = "sfdc.session";
    static final String FAILURE_REASON_ATTRIBUTE = "sfdc.failureReason";
    static final String AUTHENTICATION_INVALID = "401::Authentication invalid";
    static final String AUTHENTICATION_REQUIRED = "401::Request requires authentication";

    private final AccessTokens tokens;

    OAuthSecurityPolicy(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void canHandshake(BayeuxServer server, ServerSession session, ServerMessage message, Promise<Boolean> promise) {
        if (session.isLocalSession()) {
            promise.succeed(true);
            return;
        }
        String token = bearer(message.getBayeuxContext());
        if (token == null) {
            session.setAttribute(FAILURE_REASON_ATTRIBUTE, AUTHENTICATION_REQUIRED);
            promise.succeed(false);
            return;
        }
        Optional<AccessTokens.Session> owner = tokens.validate(token);
        if (owner.isEmpty()) {
            session.setAttribute(FAILURE_REASON_ATTRIBUTE, AUTHENTICATION_INVALID);
            promise.succeed(false);
            return;
        }
        session.setAttribute(SESSION_ATTRIBUTE, owner.get());
        promise.succeed(true);
    }

    @Override
    public boolean canPublish(BayeuxServer server, ServerSession session, ServerChannel channel, ServerMessage message) {
        return session != null && session.isLocalSession();
    }

    /** The token of {@code Authorization: OAuth <token>} or {@code Authorization: Bearer <token>}; null if absent. */
    static String bearer(BayeuxContext context) {
        if (context == null) {
            return null;
        }
        String header = context.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        header = header.trim();
        for (String scheme : new String[] {"OAuth ", "Bearer "}) {
            if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
                String token = header.substring(scheme.length()).trim();
                return token.isEmpty() ? null : token;
            }
        }
        return null;
    }
}
