package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * List semantics shared by every collection: a bare array, 1-based {@code page}, {@code size} capped at the
 * maximum, {@code sort}, comparison filters with the operator appended to the name and equality on any field.
 */
final class ListQuery {

    static final int DEFAULT_SIZE = 20;
    static final int MAX_SIZE = 50;

    private static final Set<String> RESERVED = Set.of("page", "size", "sort", "callback_url");
    private static final Pattern FILTER = Pattern.compile("^(.+?)(>=|<=|>|<)?$");
    private static final Pattern BRACKETED = Pattern.compile("^(\\w+)\\[(\\w+)]$");

    private ListQuery() {
    }

    static ArrayNode apply(Collection<ObjectNode> rows, Map<String, List<String>> query, int maxSize,
            UnaryOperator<ObjectNode> view) {
        Predicate<JsonNode> filter = row -> true;
        for (Map.Entry<String, List<String>> param : query.entrySet()) {
            if (!RESERVED.contains(param.getKey())) {
                for (String value : param.getValue()) {
                    filter = filter.and(condition(param.getKey(), value));
                }
            }
        }
        List<ObjectNode> selected = new ArrayList<>(rows.stream().filter(filter).toList());
        selected.sort(order(first(query, "sort")));

        int page = Math.max(1, intParam(query, "page", 1));
        int size = Math.min(maxSize, Math.max(1, intParam(query, "size", DEFAULT_SIZE)));
        ArrayNode result = Json.array();
        selected.stream().skip((long) (page - 1) * size).limit(size).forEach(row -> result.add(view.apply(row)));
        return result;
    }

    private static Predicate<JsonNode> condition(String name, String value) {
        Matcher matcher = FILTER.matcher(name);
        matcher.matches();
        String field = matcher.group(1);
        String operator = matcher.group(2) == null ? "=" : matcher.group(2);
        return row -> {
            JsonNode actual = lookup(row, field);
            if (actual == null || actual.isNull()) {
                return false;
            }
            int cmp = compare(actual.asText(), value);
            return switch (operator) {
                case ">" -> cmp > 0;
                case ">=" -> cmp >= 0;
                case "<" -> cmp < 0;
                case "<=" -> cmp <= 0;
                default -> cmp == 0;
            };
        };
    }

    /** Top-level fields, plus {@code custom_fields.key} and Rails-style {@code custom_fields[key]}. */
    private static JsonNode lookup(JsonNode row, String field) {
        Matcher bracketed = BRACKETED.matcher(field);
        if (bracketed.matches()) {
            JsonNode parent = row.get(bracketed.group(1));
            return parent == null ? null : parent.get(bracketed.group(2));
        }
        int dot = field.indexOf('.');
        if (dot > 0) {
            JsonNode parent = row.get(field.substring(0, dot));
            return parent == null ? null : parent.get(field.substring(dot + 1));
        }
        return row.get(field);
    }

    /** Timestamps compare as instants, numbers (money strings included) as numbers, everything else as text. */
    private static int compare(String actual, String expected) {
        if (looksLikeDate(actual) && looksLikeDate(expected)) {
            Instant a = Json.instant(actual);
            Instant e = Json.instant(expected);
            return a.compareTo(e);
        }
        BigDecimal a = number(actual);
        BigDecimal e = number(expected);
        if (a != null && e != null) {
            return a.compareTo(e);
        }
        return actual.compareTo(expected);
    }

    private static boolean looksLikeDate(String value) {
        return value.matches("\\d{4}-\\d{2}-\\d{2}([T ].*)?");
    }

    private static BigDecimal number(String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Comparator<ObjectNode> order(String sort) {
        Comparator<ObjectNode> comparator = (a, b) -> 0;
        if (sort == null || sort.isBlank()) {
            return comparator;
        }
        for (String term : sort.split(",")) {
            String[] parts = term.trim().split("\\s+");
            String field = parts[0];
            boolean descending = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
            if (field.startsWith("-")) {
                field = field.substring(1);
                descending = true;
            }
            String key = field;
            Comparator<ObjectNode> byField = (a, b) -> {
                JsonNode x = lookup(a, key);
                JsonNode y = lookup(b, key);
                if (x == null || x.isNull()) {
                    return y == null || y.isNull() ? 0 : -1;
                }
                return y == null || y.isNull() ? 1 : compare(x.asText(), y.asText());
            };
            comparator = comparator.thenComparing(descending ? byField.reversed() : byField);
        }
        return comparator;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static int intParam(Map<String, List<String>> query, String name, int fallback) {
        String value = first(query, name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
