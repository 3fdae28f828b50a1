package io.revloop.security;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in free text before it reaches a log: values of name, email and phone keys (JSON, escaped
 * JSON, {@code key=value}, {@code key: value}, XML elements), e-mail addresses anywhere, and phone numbers written
 * in international ({@code +44 20 7946 0958}) or North American ({@code (555) 123-4567}) form. Values of password,
 * secret, token and API-key keys are masked the same way.
 *
 * <p>Bare digit runs are left alone on purpose: record ids, amounts, epoch times and replay ids look the same, and
 * masking them would make logs useless. Names in running prose cannot be recognised; only keyed values are masked.
 */
public final class LogMasker {

    public static final String MASK = "***";
    private static final String EMAIL_MASK = "***@***";

    private static final Set<String> SENSITIVE_KEYS = Set.of(
            "name", "firstname", "lastname", "middlename", "fullname", "displayname", "contactname", "username",
            "salutation", "email", "emailaddress", "mail", "phone", "phonenumber", "mobilephone", "mobile",
            "homephone", "otherphone", "assistantphone", "fax", "billingcontact", "shippingcontact",
            "authorization", "passwd", "pwd", "passphrase", "credentials");
    private static final String[] SENSITIVE_SUFFIXES = {
            "firstname", "lastname", "fullname", "contactname", "displayname", "email", "phone",
            "password", "secret", "token", "apikey"};

    // a key, optionally quoted (also \"escaped\" inside a JSON string), then ':' or '='
    private static final Pattern KEY = Pattern.compile(
            "(?<![\\w-])(\\\\?[\"']?)([A-Za-z_][\\w-]{0,63})\\1\\s*([:=])\\s*");
    private static final Pattern VALUE = Pattern.compile(
            "\"(?:[^\"\\\\]|\\\\.)*\""                         // "json string"
            + "|\\\\\"(?:(?!\\\\\").)*\\\\\""                  // \"escaped json string\"
            + "|'[^']*'"                                       // 'quoted'
            + "|(?:(?!\\s+[\\w.-]+\\s*[=:])[^,;&}\\]\\r\\n<])+"); // bare, up to a delimiter or the next key
    private static final Pattern XML_ELEMENT = Pattern.compile("<([A-Za-z][\\w.:-]{0,63})>([^<]*)</\\1>");
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.%+-])[\\w.+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");
    private static final Pattern PHONE = Pattern.compile(
            // international: +CC then groups split by space, dash or parentheses
            "(?<![\\w+/=])\\+\\d{1,3}(?:[ -]?\\(?\\d{1,4}\\)?){1,5}(?!\\w|\\.\\d|[ -]\\d)"
            // North American: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567
            + "|(?<![\\w.+-])(?:\\(\\d{3}\\) ?\\d{3}[-. ]\\d{4}|\\d{3}-\\d{3}-\\d{4}"
            + "|\\d{3}\\.\\d{3}\\.\\d{4}|\\d{3} \\d{3} \\d{4})(?!\\w|[-.]\\d)");

    private LogMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = maskKeyedValues(text);
        masked = maskXmlElements(masked);
        masked = EMAIL.matcher(masked).replaceAll(EMAIL_MASK);
        return maskPhones(masked);
    }

    static boolean isSensitiveKey(String key) {
        String normalized = key.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
        if (SENSITIVE_KEYS.contains(normalized)) {
            return true;
        }
        for (String suffix : SENSITIVE_SUFFIXES) {
            if (normalized.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String maskKeyedValues(String text) {
        Matcher key = KEY.matcher(text);
        Matcher value = VALUE.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && key.find(from)) {
            from = key.end();
            if (!isSensitiveKey(key.group(2))) {
                continue;
            }
            value.region(key.end(), text.length());
            if (!value.lookingAt()) {
                continue;
            }
            String replacement = replacementFor(value.group());
            if (replacement == null) {
                // nested object, null or already masked: keep scanning inside it
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, value.start()).append(replacement);
            copied = value.end();
            from = value.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static String replacementFor(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || trimmed.equals("null") || trimmed.equals("true") || trimmed.equals("false")
                || trimmed.equals("\"\"") || trimmed.startsWith("{") || trimmed.startsWith("[")
                || trimmed.equals(MASK) || trimmed.equals(EMAIL_MASK)) {
            return null;
        }
        if (value.startsWith("\\\"")) {
            return "\\\"" + MASK + "\\\"";
        }
        if (value.startsWith("\"")) {
            return "\"" + MASK + "\"";
        }
        if (value.startsWith("'")) {
            return "'" + MASK + "'";
        }
        // keep trailing spaces before the next token
        return MASK + value.substring(value.stripTrailing().length());
    }

    private static String maskXmlElements(String text) {
        if (text.indexOf('<') < 0) {
            return text;
        }
        Matcher m = XML_ELEMENT.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        while (m.find()) {
            String local = m.group(1).substring(m.group(1).indexOf(':') + 1);
            if (isSensitiveKey(local) && !m.group(2).isBlank()) {
                m.appendReplacement(out, Matcher.quoteReplacement("<" + m.group(1) + ">" + MASK + "</" + m.group(1) + ">"));
                changed = true;
            }
        }
        if (!changed) {
            return text;
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String maskPhones(String text) {
        Matcher m = PHONE.matcher(text);
        StringBuilder out = null;
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            if (digits < 7 || digits > 15) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            m.appendReplacement(out, MASK);
        }
        if (out == null) {
            return text;
        }
        m.appendTail(out);
        return out.toString();
    }
}
