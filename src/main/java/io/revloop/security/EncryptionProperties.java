package io.revloop.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keys for field encryption at rest.
 *
 * @param key                   base64 of the 32-byte current key ({@code REVLOOP_ENCRYPTION_KEY})
 * @param keyId                 id stored with every ciphertext so that keys can rotate ({@code REVLOOP_ENCRYPTION_KEY_ID})
 * @param previousKeys          retired keys that must still decrypt, as {@code id:base64,id:base64}
 *                              ({@code REVLOOP_ENCRYPTION_PREVIOUS_KEYS})
 * @param generateKeyIfMissing  demo/dev only: invent a throw-away key when none is configured
 */
@ConfigurationProperties("revloop.encryption")
public record EncryptionProperties(String key, String keyId, String previousKeys, boolean generateKeyIfMissing) {
}
