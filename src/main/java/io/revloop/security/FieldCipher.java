package io.revloop.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for single database fields.
 *
 * <p>Stored form: {@code gcm1:<keyId>:<base64(iv | ciphertext | tag)>}. Every value gets a fresh random 96-bit IV;
 * the caller's associated data (table, column, row identity) binds the value to its place, so a ciphertext copied
 * into another row or column does not decrypt. The key id travels with the value so that retired keys, kept as
 * previous keys, still decrypt old rows after a rotation.
 */
public final class FieldCipher {

    private static final String PREFIX = "gcm1";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentKeyId the key that encrypts new values
     * @param keys         every key that may decrypt, by id; must include the current one
     */
    public FieldCipher(String currentKeyId, Map<String, byte[]> keys) {
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("No key material for the current key id '" + currentKeyId + "'");
        }
        Map<String, SecretKey> checked = new LinkedHashMap<>();
        keys.forEach((id, material) -> {
            if (id == null || !KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Encryption key id must match " + KEY_ID + ", got '" + id + "'");
            }
            if (material == null || material.length != 32) {
                throw new IllegalArgumentException("Encryption key '" + id + "' must be 32 bytes (AES-256), got "
                        + (material == null ? 0 : material.length));
            }
            checked.put(id, new SecretKeySpec(material.clone(), "AES"));
        });
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(checked);
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    /** Associated data naming where a value lives, e.g. {@code aad("dead_letter", "payload", "42")}. */
    public static String aad(String table, String column, String rowIdentity) {
        return table + '|' + column + '|' + rowIdentity;
    }

    public String encrypt(String plaintext, String associatedData) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] blob = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
            return PREFIX + ':' + currentKeyId + ':' + Base64.getEncoder().encodeToString(blob);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(String stored, String associatedData) {
        if (stored == null) {
            return null;
        }
        String[] parts = stored.split(":", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            throw new FieldDecryptionException("Not an encrypted field value (expected " + PREFIX + ":<keyId>:...)", null);
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new FieldDecryptionException("Unknown encryption key id '" + parts[1]
                    + "': add the retired key to REVLOOP_ENCRYPTION_PREVIOUS_KEYS", null);
        }
        try {
            byte[] blob = Base64.getDecoder().decode(parts[2]);
            if (blob.length < IV_BYTES + TAG_BITS / 8) {
                throw new FieldDecryptionException("Encrypted value is truncated", null);
            }
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, blob, 0, IV_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(blob, IV_BYTES, blob.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FieldDecryptionException("Encrypted value is not valid base64", e);
        } catch (GeneralSecurityException e) {
            throw new FieldDecryptionException(
                    "Encrypted value failed authentication (tampered, moved to another row, or wrong key)", e);
        }
    }
}
