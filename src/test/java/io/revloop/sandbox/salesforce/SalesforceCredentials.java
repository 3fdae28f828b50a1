package io.revloop.sandbox.salesforce;

import java.security.SecureRandom;

/** What a client needs to log in to the sandbox: the connected app and the integration user. */
public record SalesforceCredentials(String clientId, String clientSecret, String username, String password) {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh credentials shaped like a real connected app's: an 85-character consumer key and a 64-character secret. */
    public static SalesforceCredentials generate() {
        return new SalesforceCredentials("3MVG9" + random(80), random(64), "integration@revloop.sandbox", random(24));
    }

    static String random(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return out.toString();
    }
}
