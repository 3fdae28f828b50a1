package io.revloop.mapping;

import java.util.Locale;

/** The value kinds the validator reasons about; schema types of both systems collapse onto these. */
public enum Kind {
    STRING, NUMBER, INTEGER, MONEY, DATE, DATETIME, BOOLEAN, CURRENCY, OBJECT, LIST, ANY;

    /** Maps a type from {@code salesforce-objects.yaml} or {@code ordway-resources.yaml}. */
    static Kind ofSchemaType(String system, String type) {
        if (type == null) {
            return ANY;
        }
        return switch (type) {
            case "id", "string", "textarea", "email", "phone", "url", "picklist", "reference" -> STRING;
            case "boolean" -> BOOLEAN;
            case "int", "integer" -> INTEGER;
            case "double", "percent", "number" -> NUMBER;
            // Salesforce "currency" is an amount; Ordway's currency code has its own type name.
            case "currency", "money" -> MONEY;
            case "iso-currency" -> CURRENCY;
            case "date" -> DATE;
            case "datetime" -> DATETIME;
            case "object" -> OBJECT;
            case "array" -> LIST;
            default -> throw new IllegalArgumentException("unknown " + system + " schema type '" + type + "'");
        };
    }

    /** Names accepted by a mapping field's {@code type:} key. */
    static Kind ofNormaliser(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "string" -> STRING;
            case "number" -> NUMBER;
            case "integer" -> INTEGER;
            case "money" -> MONEY;
            case "date" -> DATE;
            case "datetime" -> DATETIME;
            case "boolean" -> BOOLEAN;
            case "currency" -> CURRENCY;
            default -> null;
        };
    }

    boolean numeric() {
        return this == NUMBER || this == INTEGER || this == MONEY;
    }

    /** Whether a value of kind {@code from} can be normalised into this kind without losing meaning. */
    boolean accepts(Kind from) {
        if (from == ANY || this == ANY || from == this) {
            return true;
        }
        return switch (this) {
            case STRING -> from != OBJECT && from != LIST;
            case NUMBER, INTEGER, MONEY -> from.numeric() || from == STRING;
            case DATE, DATETIME -> from == DATE || from == DATETIME || from == STRING;
            case BOOLEAN -> from == STRING;
            case CURRENCY -> from == STRING;
            case OBJECT, LIST -> false;
            case ANY -> true;
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
