package io.revloop.sandbox.salesforce;

import java.util.Optional;

/** The org's OAuth token store, as the Streaming API sees it. */
public interface AccessTokens {

    /** The session for a live access token; empty when unknown, revoked or expired. */
    Optional<Session> validate(String accessToken);

    record Session(String accessToken, String userId, String orgId, String clientId) {
    }
}
