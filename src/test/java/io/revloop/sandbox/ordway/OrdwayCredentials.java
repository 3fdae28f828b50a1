package io.revloop.sandbox.ordway;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The four values Ordway expects in X-API-KEY, X-User-Company, X-User-Email and X-User-Token. */
public record OrdwayCredentials(String apiKey, String company, String userEmail, String userToken) {

    public static OrdwayCredentials generate() {
        return new OrdwayCredentials(randomHex(20), "Revloop Sandbox", "api-user@revloop.test", randomHex(16));
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    @Override
    public String toString() {
        return "OrdwayCredentials[company=" + company + ", userEmail=" + userEmail + ", apiKey=***, userToken=***]";
    }
}
