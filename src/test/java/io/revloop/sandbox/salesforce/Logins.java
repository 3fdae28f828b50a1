package io.revloop.sandbox.salesforce;

import java.security.PublicKey;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The connected app (consumer key/secret, JWT certificate, client-credentials run-as user) and user passwords. */
final class Logins {

    private final String clientId;
    private final String clientSecret;
    private final String runAsUserId;
    private final Map<String, UserLogin> users = new ConcurrentHashMap<>();
    private volatile PublicKey jwtKey;

    record UserLogin(String userId, String username, String password) {
    }

    Logins(String clientId, String clientSecret, String runAsUserId) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.runAsUserId = runAsUserId;
    }

    void addUser(String userId, String username, String password) {
        users.put(username.toLowerCase(Locale.ROOT), new UserLogin(userId, username, password));
    }

    Optional<UserLogin> user(String username) {
        return Optional.ofNullable(username == null ? null : users.get(username.toLowerCase(Locale.ROOT)));
    }

    boolean knownClient(String id) {
        return clientId.equals(id);
    }

    boolean secretMatches(String secret) {
        return clientSecret.equals(secret);
    }

    String clientSecret() {
        return clientSecret;
    }

    String runAsUserId() {
        return runAsUserId;
    }

    void registerJwtKey(PublicKey key) {
        this.jwtKey = key;
    }

    Optional<PublicKey> jwtKey() {
        return Optional.ofNullable(jwtKey);
    }
}
