package io.revloop.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.JFunction;

/**
 * The functions revloop adds to JSONata, and the normalisers applied to every mapped value according to its target
 * type. A function that cannot do its job throws {@link Failure}; the engine adds the record id and field.
 */
final class MappingFunctions {

    /** Names usable in mapping expressions as {@code $name(...)}, besides JSONata's own functions. */
    static final Set<String> NAMES = Set.of("lookup", "enum", "date", "datetime", "money", "currency", "coalesce");

    /** A lookup table or an enum: keys to values, from a mapping file or a file under {@code mappings/lookups/}. */
    record Table(String name, String file, String keyName, Map<String, Object> entries) {

        String describe() {
            return "'" + name + "'" + (file == null ? "" : " (" + file + ")");
        }
    }

    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }

    private static final Pattern SALESFORCE_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final int MAX_MONEY_SCALE = 6;

    private final Map<String, Table> lookups;
    private final Map<String, Table> enums;

    MappingFunctions(Map<String, Table> lookups, Map<String, Table> enums) {
        this.lookups = lookups;
        this.enums = enums;
    }

    void registerOn(Jsonata expression) {
        expression.registerFunction("lookup", fn(args -> lookup(arg(args, 0), arg(args, 1), args.size() > 2, arg(args, 2))));
        expression.registerFunction("enum", fn(args -> enumValue(arg(args, 0), arg(args, 1))));
        expression.registerFunction("date", fn(args -> date(arg(args, 0))));
        expression.registerFunction("datetime", fn(args -> datetime(arg(args, 0))));
        expression.registerFunction("money", fn(args -> money(arg(args, 0), arg(args, 1))));
        expression.registerFunction("currency", fn(args -> currency(arg(args, 0))));
        expression.registerFunction("coalesce", fn(MappingFunctions::coalesce));
    }

    private interface Body {
        Object apply(List<Object> args);
    }

    @SuppressWarnings("unchecked")
    private static JFunction fn(Body body) {
        return new JFunction((input, args) -> body.apply((List<Object>) args), null);
    }

    /** JSON null reaches functions as {@link Jsonata#NULL_VALUE}; to mappings it means missing, like undefined. */
    private static Object arg(List<Object> args, int i) {
        return i < args.size() ? present(args.get(i)) : null;
    }

    private static Object present(Object value) {
        return value == Jsonata.NULL_VALUE ? null : value;
    }

    /** {@code $lookup(table, key[, fallback])}: the entry for key; a miss is an error unless a fallback is given. */
    Object lookup(Object tableName, Object key, boolean hasFallback, Object fallback) {
        Table table = table(lookups, "lookup", tableName);
        if (key == null) {
            return null;
        }
        String k = scalar(key, "$lookup key");
        Object entry = table.entries().get(k);
        if (entry == null) {
            if (hasFallback) {
                return fallback;
            }
            String keyName = table.keyName() == null ? "key" : table.keyName();
            throw new Failure(keyName + " '" + k + "' has no entry in lookup " + table.describe());
        }
        return entry;
    }

    /** {@code $enum(name, value)}: the value the enum maps to; an unmapped value is an error. */
    Object enumValue(Object enumName, Object value) {
        Table table = table(enums, "enum", enumName);
        if (value == null) {
            return null;
        }
        String k = scalar(value, "$enum value");
        Object mapped = table.entries().get(k);
        if (mapped == null) {
            throw new Failure("value '" + k + "' is not in enum " + table.describe() + "; known values: "
                    + String.join(", ", table.entries().keySet()));
        }
        return mapped;
    }

    private static Table table(Map<String, Table> tables, String kind, Object name) {
        Table table = tables.get(String.valueOf(name));
        if (table == null) {
            throw new Failure("no " + kind + " named '" + name + "' in this mapping");
        }
        return table;
    }

    /** {@code $date(x)}: a Salesforce or ISO date or date-time as {@code YYYY-MM-DD}. */
    static String date(Object value) {
        String s = text(value, "$date");
        if (s == null) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).toString();
            }
            return parseDateTime(s).toLocalDate().toString();
        } catch (DateTimeParseException e) {
            throw new Failure("'" + s + "' is not a date (expected YYYY-MM-DD or an ISO-8601 date-time)");
        }
    }

    /** {@code $datetime(x)}: an ISO-8601 date-time in UTC with milliseconds, as Ordway and Salesforce both accept. */
    static String datetime(Object value) {
        String s = text(value, "$datetime");
        if (s == null) {
            return null;
        }
        try {
            OffsetDateTime t = s.length() == 10 ? LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC)
                    : parseDateTime(s);
            return ISO_MILLIS.format(t.withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            throw new Failure("'" + s + "' is not a date-time (expected ISO-8601)");
        }
    }

    private static OffsetDateTime parseDateTime(String s) {
        // Salesforce writes offsets without a colon: 2025-03-01T10:00:00.000+0000
        return OffsetDateTime.parse(SALESFORCE_OFFSET.matcher(s).replaceFirst("$1:$2"));
    }

    /**
     * {@code $money(x[, scale])}: an amount as a decimal string. Without a scale, at least 2 decimals and up to 6 when
     * the amount has sub-cent precision (per-unit prices such as 0.0015); with a scale, rounded half-up to it.
     */
    static String money(Object value, Object scale) {
        BigDecimal amount = decimal(value, "$money");
        if (amount == null) {
            return null;
        }
        if (scale != null) {
            return amount.setScale(decimal(scale, "$money scale").intValueExact(), RoundingMode.HALF_UP).toPlainString();
        }
        BigDecimal rounded = amount.setScale(MAX_MONEY_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.setScale(Math.max(2, rounded.scale()), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** {@code $currency(x)}: a valid ISO 4217 code, upper case. */
    static String currency(Object value) {
        String s = text(value, "$currency");
        if (s == null) {
            return null;
        }
        String code = s.trim().toUpperCase(Locale.ROOT);
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new Failure("'" + s + "' is not an ISO 4217 currency code");
        }
    }

    /** {@code $coalesce(a, b, ...)}: the first argument that is neither missing nor an empty string. */
    static Object coalesce(List<Object> args) {
        for (Object arg : args) {
            Object a = present(arg);
            if (a != null && !"".equals(a)) {
                return a;
            }
        }
        return null;
    }

    /**
     * Brings a mapped value into the representation the target system expects for the kind: Ordway money is a decimal
     * string, Salesforce currency a JSON number; dates are {@code YYYY-MM-DD} on both sides.
     */
    static Object normalise(Kind kind, String targetSystem, Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return null;
        }
        return switch (kind) {
            case DATE -> date(value);
            case DATETIME -> datetime(value);
            case MONEY -> ObjectSchemas.SALESFORCE.equals(targetSystem)
                    ? decimal(value, "money") : money(value, null);
            case CURRENCY -> currency(value);
            case NUMBER -> number(decimal(value, "number"));
            case INTEGER -> {
                BigDecimal d = decimal(value, "integer");
                try {
                    yield d == null ? null : d.longValueExact();
                } catch (ArithmeticException e) {
                    throw new Failure("'" + d.toPlainString() + "' is not a whole number");
                }
            }
            case BOOLEAN -> bool(value);
            case STRING -> string(value);
            case OBJECT -> {
                if (!(value instanceof Map)) {
                    throw new Failure("expected an object, got " + describe(value));
                }
                yield value;
            }
            case LIST -> value instanceof List ? value : List.of(value);
            case ANY -> value;
        };
    }

    private static Object number(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return stripped.longValueExact();
        }
        return stripped;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        if ("".equals(value) || "-".equals(value)) {
            return null;
        }
        throw new Failure("expected true or false, got " + describe(value));
    }

    private static String string(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        throw new Failure("expected a single value, got " + describe(value));
    }

    static BigDecimal decimal(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n) {
            if (n instanceof Double d && (d.isNaN() || d.isInfinite())) {
                throw new Failure(what + ": " + d + " is not an amount");
            }
            return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            String cleaned = s.replace(",", "").trim();
            if (cleaned.isEmpty() || cleaned.equals("-")) {
                return null;
            }
            try {
                return new BigDecimal(cleaned);
            } catch (NumberFormatException e) {
                throw new Failure(what + ": '" + s + "' is not a number");
            }
        }
        throw new Failure(what + ": expected a number, got " + describe(value));
    }

    private static String text(Object value, String what) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new Failure(what + ": expected text, got " + describe(value));
        }
        String trimmed = s.trim();
        return trimmed.isEmpty() || trimmed.equals("-") ? null : trimmed;
    }

    private static String scalar(Object value, String what) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return string(value);
        }
        throw new Failure(what + ": expected a single value, got " + describe(value));
    }

    private static String describe(Object value) {
        if (value instanceof List<?> l) {
            return "a list of " + l.size() + " values";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return "'" + value + "'";
    }
}
