package io.revloop.sandbox.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access and refresh tokens the org has issued; tests expire or revoke them to exercise the client's re-login. */
public final class TokenStore implements AccessTokens {

    private final String orgId;
    private final SandboxClock clock;
    private final Map<String, Issued> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Session> refreshTokens = new ConcurrentHashMap<>();
    private volatile Duration sessionTimeout;

    private record Issued(Session session, Instant[] lastUsed) {
    }

    TokenStore(String orgId, SandboxClock clock) {
        this.orgId = orgId;
        this.clock = clock;
    }

    Session issue(String userId, String clientId) {
        // Real access tokens are the 15-character org id, '!', then an opaque part.
        String token = orgId.substring(0, 15) + "!AQ" + SalesforceCredentials.random(10) + "." + SalesforceCredentials.random(96);
        Session session = new Session(token, userId, orgId, clientId);
        accessTokens.put(token, new Issued(session, new Instant[] {clock.now()}));
        return session;
    }

    String issueRefreshToken(String userId, String clientId) {
        String token = "5Aep861" + SalesforceCredentials.random(80);
        refreshTokens.put(token, new Session(token, userId, orgId, clientId));
        return token;
    }

    Optional<Session> refreshSession(String refreshToken) {
        return Optional.ofNullable(refreshToken == null ? null : refreshTokens.get(refreshToken));
    }

    @Override
    public Optional<Session> validate(String accessToken) {
        Issued issued = accessToken == null ? null : accessTokens.get(accessToken);
        if (issued == null) {
            return Optional.empty();
        }
        Instant now = clock.now();
        Duration timeout = sessionTimeout;
        synchronized (issued) {
            if (timeout != null && issued.lastUsed()[0].plus(timeout).isBefore(now)) {
                accessTokens.remove(accessToken);
                return Optional.empty();
            }
            issued.lastUsed()[0] = now;
        }
        return Optional.of(issued.session());
    }

    /** Every issued access token stops working, as when an admin ends all sessions. Refresh tokens survive. */
    public void expireAll() {
        accessTokens.clear();
    }

    public void expire(String accessToken) {
        accessTokens.remove(accessToken);
    }

    /** Revoking a refresh token also ends the access tokens it issued; revoking an access token ends only that one. */
    public void revoke(String token) {
        accessTokens.remove(token);
        Session refresh = refreshTokens.remove(token);
        if (refresh != null) {
            accessTokens.values().removeIf(i -> i.session().userId().equals(refresh.userId())
                    && i.session().clientId().equals(refresh.clientId()));
        }
    }

    /** Sessions end after this much inactivity on the org clock (Salesforce's default is 2 hours); null = never. */
    public void sessionTimeout(Duration timeout) {
        this.sessionTimeout = timeout;
    }

    public int activeTokens() {
        return accessTokens.size();
    }
}
