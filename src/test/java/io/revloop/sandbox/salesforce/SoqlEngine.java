package io.revloop.sandbox.salesforce;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.revloop.sandbox.salesforce.SoqlQuery.Literal;
import io.revloop.sandbox.salesforce.SoqlQuery.LiteralKind;

/** Runs a parsed query against a transaction's view of the org and renders the records as the REST API does. */
final class SoqlEngine {

    private static final String NO_FIELD = "If you are attempting to use a custom field, be sure to append the '__c' "
            + "after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

    /** A field path resolved against the schema: relationship hops, then the field on the last object. */
    private record Path(List<SObjectField> hops, SObjectField field) {
    }

    private final SObjectSchema schema;
    private final Transaction tx;
    private final String soql;
    private final String apiVersion;
    private final boolean includeDeleted;
    private final LocalDate today;

    SoqlEngine(SObjectSchema schema, Transaction tx, String soql, String apiVersion, boolean includeDeleted) {
        this.schema = schema;
        this.tx = tx;
        this.soql = soql;
        this.apiVersion = apiVersion;
        this.includeDeleted = includeDeleted;
        this.today = tx.org().clock().today();
    }

    /** Result: totalSize and the rendered records (empty for COUNT()). */
    record Result(int totalSize, List<Map<String, Object>> records) {
    }

    Result run(SoqlQuery query) {
        SObjectType type = schema.find(query.from()).orElseThrow(() -> SoqlException.error("INVALID_TYPE", soql, query.fromColumn(),
                "sObject type '" + query.from() + "' is not supported. If you are attempting to use a custom object, be sure "
                        + "to append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
                        + "appropriate names."));
        List<Map<String, Object>> rows = select(type, query, null);
        if (query.count()) {
            return new Result(rows.size(), List.of());
        }
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            rendered.add(render(type, query, row));
        }
        return new Result(rendered.size(), rendered);
    }

    private List<Map<String, Object>> select(SObjectType type, SoqlQuery query, SObjectField parentFilter) {
        query.select().forEach(item -> {
            if (item instanceof SoqlQuery.Field f) {
                resolve(type, f);
            }
        });
        query.orderBy().forEach(o -> resolve(type, o.field()));
        if (query.where() != null) {
            check(type, query.where());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> record : tx.scan(type)) {
            if ((includeDeleted || !Boolean.TRUE.equals(record.get("IsDeleted"))) && (query.where() == null || test(type, query.where(), record))) {
                rows.add(record);
            }
        }
        if (!query.orderBy().isEmpty()) {
            rows.sort(comparator(type, query.orderBy()));
        }
        int from = query.offset() == null ? 0 : Math.min(query.offset(), rows.size());
        int to = query.limit() == null ? rows.size() : Math.min(rows.size(), from + query.limit());
        return new ArrayList<>(rows.subList(from, to));
    }

    private Map<String, Object> render(SObjectType type, SoqlQuery query, Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("attributes", RecordJson.attributes(type, (String) record.get("Id"), apiVersion));
        for (SoqlQuery.Item item : query.select()) {
            if (item instanceof SoqlQuery.Field f) {
                put(out, type, resolve(type, f), record, 0);
            } else if (item instanceof SoqlQuery.SubQuery sub) {
                subquery(type, sub.query(), record, out);
            }
        }
        return out;
    }

    /** Writes a (possibly dotted) field into the record, nesting parent records as {@code Account: {attributes, Name}}. */
    private void put(Map<String, Object> out, SObjectType type, Path path, Map<String, Object> record, int hop) {
        if (hop == path.hops().size()) {
            out.put(path.field().name(), record.get(path.field().name()));
            return;
        }
        SObjectField lookup = path.hops().get(hop);
        Map<String, Object> parent = parentOf(record, lookup);
        String key = lookup.relationshipName();
        if (parent == null) {
            if (!out.containsKey(key)) {
                out.put(key, null);
            }
            return;
        }
        SObjectType parentType = schema.byKeyPrefix((String) parent.get("Id")).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) out.get(key);
        if (nested == null) {
            nested = new LinkedHashMap<>();
            nested.put("attributes", RecordJson.attributes(parentType, (String) parent.get("Id"), apiVersion));
            out.put(key, nested);
        }
        put(nested, parentType, path, parent, hop + 1);
    }

    private void subquery(SObjectType parentType, SoqlQuery sub, Map<String, Object> parent, Map<String, Object> out) {
        SObjectType.ChildRelationship rel = parentType.child(sub.from()).orElseThrow(() -> SoqlException.error("INVALID_TYPE",
                soql, sub.fromColumn(), "Didn't understand relationship '" + sub.from() + "' in FROM part of query call. "
                        + "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom "
                        + "relationship name. Please reference your WSDL or the describe call for the appropriate names."));
        List<Map<String, Object>> children = new ArrayList<>();
        for (Map<String, Object> child : select(rel.childType(), sub, rel.field())) {
            if (Objects.equals(child.get(rel.field().name()), parent.get("Id"))) {
                children.add(render(rel.childType(), sub, child));
            }
        }
        if (children.isEmpty()) {
            out.put(rel.name(), null);
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("totalSize", children.size());
        result.put("done", true);
        result.put("records", children);
        out.put(rel.name(), result);
    }

    private Path resolve(SObjectType type, SoqlQuery.Field ref) {
        String[] parts = ref.path().split("\\.");
        int start = parts.length > 1 && parts[0].equalsIgnoreCase(type.name()) && type.relationship(parts[0]).isEmpty() ? 1 : 0;
        List<SObjectField> hops = new ArrayList<>();
        SObjectType current = type;
        for (int i = start; i < parts.length - 1; i++) {
            String rel = parts[i];
            SObjectField lookup = current.relationship(rel).orElseThrow(() -> SoqlException.error("INVALID_FIELD", soql, ref.column(),
                    "Didn't understand relationship '" + rel + "' in field path. If you are attempting to use a custom "
                            + "relationship, be sure to append the '__r' after the custom relationship name. Please reference "
                            + "your WSDL or the describe call for the appropriate names."));
            hops.add(lookup);
            current = schema.get(lookup.referenceTo().get(0));
        }
        String name = parts[parts.length - 1];
        SObjectType owner = current;
        SObjectField field = current.field(name).orElseThrow(() -> SoqlException.error("INVALID_FIELD", soql, ref.column(),
                "No such column '" + name + "' on entity '" + owner.name() + "'. " + NO_FIELD));
        return new Path(hops, field);
    }

    private Object value(SObjectType type, Path path, Map<String, Object> record) {
        Map<String, Object> current = record;
        for (SObjectField hop : path.hops()) {
            current = parentOf(current, hop);
            if (current == null) {
                return null;
            }
        }
        return current.get(path.field().name());
    }

    private Map<String, Object> parentOf(Map<String, Object> record, SObjectField lookup) {
        Map<String, Object> parent = tx.read((String) record.get(lookup.name()));
        return parent == null || Boolean.TRUE.equals(parent.get("IsDeleted")) ? null : parent;
    }

    private void check(SObjectType type, SoqlQuery.Expr expr) {
        if (expr instanceof SoqlQuery.And and) {
            check(type, and.left());
            check(type, and.right());
        } else if (expr instanceof SoqlQuery.Or or) {
            check(type, or.left());
            check(type, or.right());
        } else if (expr instanceof SoqlQuery.Not not) {
            check(type, not.expr());
        } else if (expr instanceof SoqlQuery.Compare cmp) {
            checkLiteral(resolve(type, cmp.field()).field(), cmp.op(), cmp.value());
        } else if (expr instanceof SoqlQuery.In in) {
            in.values().forEach(v -> checkLiteral(resolve(type, in.field()).field(), "IN", v));
        }
    }

    /** Salesforce refuses a literal of the wrong kind for the field before running anything. */
    private void checkLiteral(SObjectField field, String op, Literal literal) {
        if (literal.kind() == LiteralKind.NULL) {
            return;
        }
        String expected = switch (field.type()) {
            case "int", "double", "currency", "percent" -> literal.kind() == LiteralKind.NUMBER ? null : "double";
            case "boolean" -> literal.kind() == LiteralKind.BOOLEAN ? null : "boolean";
            case "date" -> literal.kind() == LiteralKind.DATE || literal.kind() == LiteralKind.DATE_LITERAL ? null : "date";
            case "datetime" -> literal.kind() == LiteralKind.DATETIME || literal.kind() == LiteralKind.DATE_LITERAL ? null : "dateTime";
            default -> literal.kind() == LiteralKind.STRING ? null : "string";
        };
        if (expected != null) {
            String quoting = expected.equals("string") ? "should be enclosed in quotes" : "should not be enclosed in quotes";
            throw SoqlException.error("INVALID_FIELD", soql, literal.column(), "value of filter criterion for field '"
                    + field.name() + "' must be of type " + expected + " and " + quoting);
        }
        if (op.equals("LIKE") && !field.text()) {
            throw SoqlException.error("INVALID_FIELD", soql, literal.column(),
                    "invalid operator on " + field.type() + " field: LIKE");
        }
    }

    private boolean test(SObjectType type, SoqlQuery.Expr expr, Map<String, Object> record) {
        if (expr instanceof SoqlQuery.And and) {
            return test(type, and.left(), record) && test(type, and.right(), record);
        }
        if (expr instanceof SoqlQuery.Or or) {
            return test(type, or.left(), record) || test(type, or.right(), record);
        }
        if (expr instanceof SoqlQuery.Not not) {
            return !test(type, not.expr(), record);
        }
        if (expr instanceof SoqlQuery.Compare cmp) {
            Path path = resolve(type, cmp.field());
            return compare(path.field(), value(type, path, record), cmp.op(), cmp.value());
        }
        SoqlQuery.In in = (SoqlQuery.In) expr;
        Path path = resolve(type, in.field());
        Object value = value(type, path, record);
        boolean any = in.values().stream().anyMatch(v -> compare(path.field(), value, "=", v));
        return in.negated() != any;
    }

    private boolean compare(SObjectField field, Object value, String op, Literal literal) {
        if (literal.kind() == LiteralKind.NULL) {
            return switch (op) {
                case "=" -> value == null;
                case "!=" -> value != null;
                default -> false;
            };
        }
        if (literal.kind() == LiteralKind.DATE_LITERAL) {
            return value != null && inRange(field, value, op, dateRange(literal));
        }
        if (value == null) {
            // SOQL's != keeps records whose field is empty.
            return op.equals("!=");
        }
        if (op.equals("LIKE")) {
            return like((String) value, (String) literal.value());
        }
        int c = compareValues(field, value, literal.value());
        return switch (op) {
            case "=" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            default -> c >= 0;
        };
    }

    private static int compareValues(SObjectField field, Object stored, Object literal) {
        return switch (field.type()) {
            case "int", "double", "currency", "percent" -> Double.compare(((Number) stored).doubleValue(), ((Number) literal).doubleValue());
            case "boolean" -> Boolean.compare((Boolean) stored, (Boolean) literal);
            case "date" -> ((String) stored).compareTo((String) literal);
            case "datetime" -> SalesforceTime.parseDateTime((String) stored).compareTo((Instant) literal);
            case "id", "reference" -> idKey((String) stored).compareTo(idKey((String) literal));
            default -> ((String) stored).compareToIgnoreCase((String) literal);
        };
    }

    /** Ids match on their 15-character case-sensitive part, so 15- and 18-character forms are equal. */
    private static String idKey(String id) {
        return id.length() >= 15 ? id.substring(0, 15) : id;
    }

    private static boolean like(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL)
                .matcher(value).matches();
    }

    /** [start, end) in days, UTC. */
    private LocalDate[] dateRange(Literal literal) {
        return switch ((String) literal.value()) {
            case "TODAY" -> new LocalDate[] {today, today.plusDays(1)};
            case "YESTERDAY" -> new LocalDate[] {today.minusDays(1), today};
            case "TOMORROW" -> new LocalDate[] {today.plusDays(1), today.plusDays(2)};
            case "LAST_N_DAYS" -> new LocalDate[] {today.minusDays(literal.n()), today.plusDays(1)};
            case "NEXT_N_DAYS" -> new LocalDate[] {today.plusDays(1), today.plusDays(literal.n() + 1L)};
            case "THIS_MONTH" -> new LocalDate[] {today.withDayOfMonth(1), today.withDayOfMonth(1).plusMonths(1)};
            case "LAST_MONTH" -> new LocalDate[] {today.withDayOfMonth(1).minusMonths(1), today.withDayOfMonth(1)};
            case "NEXT_MONTH" -> new LocalDate[] {today.withDayOfMonth(1).plusMonths(1), today.withDayOfMonth(1).plusMonths(2)};
            default -> new LocalDate[] {today.withDayOfYear(1), today.withDayOfYear(1).plusYears(1)};
        };
    }

    private static boolean inRange(SObjectField field, Object value, String op, LocalDate[] range) {
        Instant at = field.type().equals("date") ? LocalDate.parse((String) value).atStartOfDay().toInstant(ZoneOffset.UTC)
                : SalesforceTime.parseDateTime((String) value);
        Instant start = range[0].atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = range[1].atStartOfDay().toInstant(ZoneOffset.UTC);
        return switch (op) {
            case "=" -> !at.isBefore(start) && at.isBefore(end);
            case "!=" -> at.isBefore(start) || !at.isBefore(end);
            case "<" -> at.isBefore(start);
            case "<=" -> at.isBefore(end);
            case ">" -> !at.isBefore(end);
            default -> !at.isBefore(start);
        };
    }

    private Comparator<Map<String, Object>> comparator(SObjectType type, List<SoqlQuery.Order> orders) {
        Comparator<Map<String, Object>> all = null;
        for (SoqlQuery.Order order : orders) {
            Path path = resolve(type, order.field());
            Comparator<Object> values = (a, b) -> compareValues(path.field(), a, path.field().type().equals("datetime")
                    ? SalesforceTime.parseDateTime((String) b) : b);
            Comparator<Object> directed = order.descending() ? values.reversed() : values;
            Comparator<Object> withNulls = order.nullsFirst() ? Comparator.nullsFirst(directed) : Comparator.nullsLast(directed);
            Comparator<Map<String, Object>> byField = Comparator.comparing(r -> value(type, path, r), withNulls);
            all = all == null ? byField : all.thenComparing(byField);
        }
        return all;
    }
}
