package io.revloop.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

@Configuration(proxyBeanMethods = false)
public class FieldEncryptionConfig {

    static final String EPHEMERAL_KEY_ID = "ephemeral";
    private static final Logger log = LoggerFactory.getLogger(FieldEncryptionConfig.class);

    @Bean
    public FieldCipher fieldCipher(EncryptionProperties properties) {
        return createCipher(properties);
    }

    static FieldCipher createCipher(EncryptionProperties properties) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        if (StringUtils.hasText(properties.previousKeys())) {
            for (String entry : properties.previousKeys().split(",")) {
                String trimmed = entry.trim();
                int colon = trimmed.indexOf(':');
                if (colon < 1) {
                    throw new IllegalStateException(
                            "REVLOOP_ENCRYPTION_PREVIOUS_KEYS entries must look like <keyId>:<base64 key>");
                }
                keys.put(trimmed.substring(0, colon), decodeKey(trimmed.substring(colon + 1), "previous key"));
            }
        }
        if (StringUtils.hasText(properties.key())) {
            String keyId = StringUtils.hasText(properties.keyId()) ? properties.keyId().trim() : "k1";
            keys.put(keyId, decodeKey(properties.key(), "REVLOOP_ENCRYPTION_KEY"));
            return new FieldCipher(keyId, keys);
        }
        if (properties.generateKeyIfMissing()) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            keys.put(EPHEMERAL_KEY_ID, key);
            log.warn("""
                    
                    ************************************************************************************
                    * REVLOOP_ENCRYPTION_KEY is not set: using a THROW-AWAY encryption key because      *
                    * revloop.encryption.generate-key-if-missing=true (demo/dev only).                  *
                    * Data encrypted now (dead-letter payloads) is unreadable after a restart.          *
                    * Production: export REVLOOP_ENCRYPTION_KEY=$(openssl rand -base64 32)              *
                    ************************************************************************************""");
            return new FieldCipher(EPHEMERAL_KEY_ID, keys);
        }
        throw new IllegalStateException("No field encryption key: set REVLOOP_ENCRYPTION_KEY to a base64-encoded "
                + "32-byte key (e.g. `openssl rand -base64 32`). For a throw-away demo run only, set "
                + "revloop.encryption.generate-key-if-missing=true.");
    }

    private static byte[] decodeKey(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(what + " must decode to 32 bytes for AES-256, got " + key.length);
        }
        return key;
    }
}
