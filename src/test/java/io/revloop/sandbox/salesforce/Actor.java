package io.revloop.sandbox.salesforce;

/**
 * Who writes: the session's user, and the change origin stamped on change events
 * ({@code com/salesforce/api/rest/62.0;client=<client id>} for REST; empty for changes made in the org itself).
 */
public record Actor(String userId, String changeOrigin) {

    static Actor rest(String userId, String apiVersion, String clientId) {
        return new Actor(userId, "com/salesforce/api/rest/" + apiVersion + ";client=" + clientId);
    }
}
