package io.revloop.security;

/** A stored value cannot be decrypted: unknown key id, wrong row or column, or tampered data. */
public class FieldDecryptionException extends RuntimeException {

    public FieldDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
