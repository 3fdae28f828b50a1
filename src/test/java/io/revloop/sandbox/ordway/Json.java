package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Ordway's wire conventions: money as 2-dp strings, dates as YYYY-MM-DD, timestamps in UTC with millis. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return object();
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Invalid JSON: " + e.getOriginalMessage());
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String money(BigDecimal amount) {
        return scale(amount).toPlainString();
    }

    static BigDecimal scale(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    /** Clients send money as strings or numbers, sometimes with thousands separators. */
    static BigDecimal decimal(JsonNode node, BigDecimal fallback) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return fallback;
        }
        String text = node.asText().replace(",", "").trim();
        if (text.isEmpty() || text.equals("-")) {
            return fallback;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ApiException.unprocessable("'" + node.asText() + "' is not a number");
        }
    }

    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return fallback;
        }
        return value.asText();
    }

    static boolean flag(JsonNode node, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty() || value.asText().equals("-")) {
            return fallback;
        }
        return value.isBoolean() ? value.booleanValue() : Boolean.parseBoolean(value.asText());
    }

    static LocalDate date(JsonNode node, String field, LocalDate fallback) {
        String value = text(node, field, null);
        if (value == null || value.equals("-")) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw ApiException.unprocessable(field + " '" + value + "' is not a valid date");
        }
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** Accepts the forms clients send in filters: a date, or a timestamp with any fraction precision. */
    static Instant instant(String value) {
        String v = value.trim();
        if (v.length() == 10) {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (!v.endsWith("Z") && !v.matches(".*[+-]\\d\\d:?\\d\\d$")) {
            v = v + "Z";
        }
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(v, Instant::from);
    }
}
