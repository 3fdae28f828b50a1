package io.revloop.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldCipherTest {

    private static final byte[] KEY_1 = bytes(1);
    private static final byte[] KEY_2 = bytes(2);
    private static final String AAD = FieldCipher.aad("dead_letter", "payload_ciphertext", "inbox_event_id=7");
    private static final String PAYLOAD = "{\"Email\":\"ada@example.com\",\"Amount\":1200.00}";

    private final FieldCipher cipher = new FieldCipher("k1", Map.of("k1", KEY_1));

    @Test
    void roundTripsAndCarriesTheKeyId() {
        String stored = cipher.encrypt(PAYLOAD, AAD);

        assertThat(stored).startsWith("gcm1:k1:").doesNotContain("ada@example.com");
        assertThat(cipher.decrypt(stored, AAD)).isEqualTo(PAYLOAD);
    }

    @Test
    void usesAFreshIvForEveryValue() {
        String a = cipher.encrypt(PAYLOAD, AAD);
        String b = cipher.encrypt(PAYLOAD, AAD);

        assertThat(a).isNotEqualTo(b);
        assertThat(iv(a)).isNotEqualTo(iv(b)).hasSize(12);
    }

    @Test
    void refusesAValueMovedToAnotherRowOrColumn() {
        String stored = cipher.encrypt(PAYLOAD, AAD);

        assertThatThrownBy(() -> cipher.decrypt(stored,
                FieldCipher.aad("dead_letter", "payload_ciphertext", "inbox_event_id=8")))
                .isInstanceOf(FieldDecryptionException.class).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> cipher.decrypt(stored,
                FieldCipher.aad("dead_letter", "error_message", "inbox_event_id=7")))
                .isInstanceOf(FieldDecryptionException.class);
    }

    @Test
    void detectsAModifiedCiphertext() {
        String stored = cipher.encrypt(PAYLOAD, AAD);
        String prefix = stored.substring(0, stored.lastIndexOf(':') + 1);
        byte[] blob = Base64.getDecoder().decode(stored.substring(prefix.length()));
        blob[20] ^= 0x01;
        String tampered = prefix + Base64.getEncoder().encodeToString(blob);

        assertThatThrownBy(() -> cipher.decrypt(tampered, AAD))
                .isInstanceOf(FieldDecryptionException.class).hasMessageContaining("failed authentication");
    }

    @Test
    void oldKeyVersionStillDecryptsAfterRotation() {
        String before = cipher.encrypt(PAYLOAD, AAD);
        FieldCipher rotated = FieldEncryptionConfig.createCipher(new EncryptionProperties(
                b64(KEY_2), "k2", "k1:" + b64(KEY_1), false));

        String after = rotated.encrypt(PAYLOAD, AAD);

        assertThat(after).startsWith("gcm1:k2:");
        assertThat(rotated.decrypt(before, AAD)).isEqualTo(PAYLOAD);
        assertThat(rotated.decrypt(after, AAD)).isEqualTo(PAYLOAD);
        assertThatThrownBy(() -> cipher.decrypt(after, AAD))
                .isInstanceOf(FieldDecryptionException.class).hasMessageContaining("Unknown encryption key id 'k2'");
    }

    @Test
    void refusesToStartWithoutAKeyUnlessTheDemoAsksForOne() {
        assertThatThrownBy(() -> FieldEncryptionConfig.createCipher(new EncryptionProperties(null, "k1", null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REVLOOP_ENCRYPTION_KEY");

        FieldCipher demo = FieldEncryptionConfig.createCipher(new EncryptionProperties("", "k1", "", true));

        assertThat(demo.currentKeyId()).isEqualTo(FieldEncryptionConfig.EPHEMERAL_KEY_ID);
        assertThat(demo.decrypt(demo.encrypt(PAYLOAD, AAD), AAD)).isEqualTo(PAYLOAD);
    }

    @Test
    void rejectsKeysOfTheWrongSize() {
        assertThatThrownBy(() -> FieldEncryptionConfig.createCipher(
                new EncryptionProperties(Base64.getEncoder().encodeToString(new byte[16]), "k1", null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> FieldEncryptionConfig.createCipher(
                new EncryptionProperties("not base64!", "k1", null, false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("base64");
    }

    private static byte[] iv(String stored) {
        byte[] blob = Base64.getDecoder().decode(stored.substring(stored.lastIndexOf(':') + 1));
        return java.util.Arrays.copyOf(blob, 12);
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    private static String b64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
