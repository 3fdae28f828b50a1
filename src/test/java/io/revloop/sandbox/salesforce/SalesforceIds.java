package io.revloop.sandbox.salesforce;

import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Record ids the way Salesforce builds them: a 3-character key prefix, a 2-character pod, a reserved {@code 0},
 * a 9-character base-62 sequence, then the 3-character case-safe suffix.
 */
public final class SalesforceIds {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final Pattern SHAPE = Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
    private static final String POD = "Dm";

    private final AtomicLong sequence = new AtomicLong(1);

    public String next(String keyPrefix) {
        return withSuffix(keyPrefix + POD + "0" + base62(sequence.getAndIncrement(), 9));
    }

    /** The 18-character form of a 15-character id: each suffix character encodes which of 5 characters are upper case. */
    public static String withSuffix(String id15) {
        StringBuilder suffix = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_CHARS.charAt(bits));
        }
        return id15 + suffix;
    }

    /** A well-formed 15- or 18-character id (with a matching suffix); anything else is a MALFORMED_ID. */
    public static boolean wellFormed(String id) {
        if (id == null || !SHAPE.matcher(id).matches()) {
            return false;
        }
        return id.length() == 15 || withSuffix(id.substring(0, 15)).substring(15).equalsIgnoreCase(id.substring(15));
    }

    /** The canonical 18-character id for a 15- or 18-character one (case-insensitive suffix accepted). */
    public static String to18(String id) {
        return withSuffix(id.substring(0, 15));
    }

    private static String base62(long value, int width) {
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
