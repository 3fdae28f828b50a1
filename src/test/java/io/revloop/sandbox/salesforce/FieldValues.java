package io.revloop.sandbox.salesforce;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Coerces JSON input to the stored form of a field: text as String, dates and datetimes as Salesforce formats them,
 * int as Integer, double/currency/percent as Double, boolean as Boolean. What Salesforce's JSON reader would reject
 * fails with JSON_PARSER_ERROR and its wording.
 */
final class FieldValues {

    private FieldValues() {
    }

    static Object coerce(SObjectField field, Object value) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            return null;
        }
        try {
            return switch (field.type()) {
                case "boolean" -> toBoolean(value);
                case "int" -> toInt(value);
                case "double", "currency", "percent" -> toDouble(value);
                case "date" -> SalesforceTime.parseDate((String) value).toString();
                case "datetime" -> SalesforceTime.format(SalesforceTime.parseDateTime((String) value));
                default -> toText(value);
            };
        } catch (RuntimeException e) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "Cannot deserialize instance of " + javaTypeName(field)
                    + " from " + token(value) + " value " + value + " or request may be missing a required field", null);
        }
    }

    private static Boolean toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = (String) value;
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException(text);
    }

    private static Integer toInt(Object value) {
        BigDecimal number = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal((String) value);
        return number.intValueExact();
    }

    private static Double toDouble(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.valueOf(Double.parseDouble((String) value));
    }

    private static String toText(Object value) {
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new IllegalArgumentException("not a scalar");
        }
        return String.valueOf(value);
    }

    private static String javaTypeName(SObjectField field) {
        return switch (field.type()) {
            case "currency", "percent" -> "double";
            case "id", "reference", "string", "textarea", "email", "phone", "url", "picklist" -> "string";
            default -> field.type();
        };
    }

    private static String token(Object value) {
        if (value instanceof String) {
            return "VALUE_STRING";
        }
        if (value instanceof Boolean b) {
            return b ? "VALUE_TRUE" : "VALUE_FALSE";
        }
        if (value instanceof Map<?, ?>) {
            return "START_OBJECT";
        }
        if (value instanceof List<?>) {
            return "START_ARRAY";
        }
        return value instanceof Double || value instanceof BigDecimal || value instanceof Float
                ? "VALUE_NUMBER_FLOAT" : "VALUE_NUMBER_INT";
    }
}
