package io.revloop.sandbox.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** An OAuth JWT bearer assertion, verified the way Salesforce does: RS256 against the connected app's certificate. */
record JwtBearerAssertion(String issuer, String subject, String audience, Instant expiresAt) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Camel pads its base64url segments and sends {@code exp} as a JSON string; both are tolerated. */
    static JwtBearerAssertion verify(String assertion, PublicKey key) throws InvalidAssertion {
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.");
        if (parts.length != 3) {
            throw new InvalidAssertion("invalid assertion");
        }
        try {
            Map<String, Object> header = JSON.readValue(decode(parts[0]), new TypeReference<>() { });
            if (!"RS256".equals(header.get("alg"))) {
                throw new InvalidAssertion("invalid assertion");
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(decode(parts[2]))) {
                throw new InvalidAssertion("invalid assertion");
            }
            Map<String, Object> claims = JSON.readValue(decode(parts[1]), new TypeReference<>() { });
            Object exp = claims.get("exp");
            if (exp == null) {
                throw new InvalidAssertion("invalid assertion");
            }
            return new JwtBearerAssertion((String) claims.get("iss"), (String) claims.get("sub"),
                    String.valueOf(claims.get("aud")), Instant.ofEpochSecond(Long.parseLong(String.valueOf(exp))));
        } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
            throw new InvalidAssertion("invalid assertion");
        }
    }

    private static byte[] decode(String segment) {
        return Base64.getUrlDecoder().decode(segment.replace("=", ""));
    }

    static final class InvalidAssertion extends Exception {
        InvalidAssertion(String message) {
            super(message);
        }
    }
}
