package io.revloop.mapping;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import com.dashjoin.jsonata.Jsonata;

import io.revloop.mapping.JsonataAst.Node;
import io.revloop.mapping.MappingFunctions.Table;
import io.revloop.mapping.ObjectSchemas.Field;
import io.revloop.mapping.ObjectSchemas.ObjectSchema;

/**
 * Walks a JSONata expression's syntax tree against the source object schema: every field path must exist (including
 * relationship paths such as {@code Account.Name} and child lists such as {@code OpportunityLineItems.records}), every
 * function must be known, every lookup and enum declared. Works out the kind of value the expression yields so the
 * validator can compare it with the target field.
 */
final class ExpressionChecker {

    /** What an expression (or a part of a path) evaluates to, as far as the schema tells. */
    record Shape(Kind kind, ObjectSchema object, boolean list, boolean childList, Table lookup, Field field,
                 String path) {

        static final Shape ANY = new Shape(Kind.ANY, null, false, false, null, null, null);

        static Shape of(Kind kind) {
            return kind == Kind.ANY ? ANY : new Shape(kind, null, false, false, null, null, null);
        }

        static Shape object(ObjectSchema object, String path) {
            return new Shape(Kind.OBJECT, object, false, false, null, null, path);
        }

        Shape asList() {
            return new Shape(kind == Kind.OBJECT ? Kind.LIST : kind, object, true, childList, lookup, field, path);
        }

        /** The shape of one element when JSONata maps over a list. */
        Shape element() {
            if (list && object != null && !childList) {
                return object(object, path);
            }
            return this;
        }

        String describe() {
            if (object != null) {
                return (childList ? "child relationship of " : list ? "list of " : "") + object.name();
            }
            return kind.label();
        }
    }

    /** Receives problems: the 0-based character position in the expression, and the message. */
    interface Problems {
        void error(int position, String message);

        void warning(String message);
    }

    private static final Map<String, Boolean> BUILTINS = new ConcurrentHashMap<>();
    private static final Set<String> STRING_FUNCTIONS = Set.of("string", "substring", "substringBefore",
            "substringAfter", "lowercase", "uppercase", "trim", "pad", "join", "replace", "formatNumber", "formatBase",
            "formatInteger", "base64encode", "base64decode", "encodeUrl", "decodeUrl", "encodeUrlComponent",
            "decodeUrlComponent", "fromMillis", "now");
    private static final Set<String> NUMBER_FUNCTIONS = Set.of("number", "abs", "floor", "ceil", "round", "power",
            "sqrt", "random", "sum", "max", "min", "average", "count", "length", "toMillis", "millis",
            "parseInteger");
    private static final Set<String> BOOLEAN_FUNCTIONS = Set.of("boolean", "not", "exists", "contains");

    private final ObjectSchemas schemas;
    private final Map<String, Table> lookups;
    private final Map<String, Table> enums;
    private final Shape root;

    private Problems problems;
    private Set<String> sourcePaths;
    private Set<String> boundNames;
    private Shape parent;

    ExpressionChecker(ObjectSchemas schemas, Map<String, Table> lookups, Map<String, Table> enums, Shape root) {
        this.schemas = schemas;
        this.lookups = lookups;
        this.enums = enums;
        this.root = root;
    }

    /**
     * @param context     what the expression is evaluated against (the record, or one {@code each} item)
     * @param parent      what {@code $parent} refers to (the enclosing record of an {@code each} item)
     * @param sourcePaths receives every source field path the expression reads
     */
    Shape check(Jsonata compiled, Shape context, Shape parent, Set<String> sourcePaths, Problems problems) {
        Node ast = JsonataAst.of(compiled);
        this.problems = problems;
        this.sourcePaths = sourcePaths;
        this.parent = parent;
        this.boundNames = new HashSet<>();
        collectBindings(ast);
        return walk(ast, context);
    }

    private void collectBindings(Node node) {
        if (node == null) {
            return;
        }
        if ("bind".equals(node.type()) && node.child("lhs") != null) {
            boundNames.add(node.child("lhs").text());
        }
        if ("lambda".equals(node.type())) {
            node.children("arguments").forEach(a -> boundNames.add(a.text()));
        }
        node.single().values().forEach(this::collectBindings);
        node.lists().values().forEach(l -> l.forEach(this::collectBindings));
        BiConsumer<Node, Node> pair = (k, v) -> {
            collectBindings(k);
            collectBindings(v);
        };
        node.pairs().forEach(p -> pair.accept(p[0], p[1]));
        node.groupPairs().forEach(p -> pair.accept(p[0], p[1]));
    }

    private Shape walk(Node node, Shape ctx) {
        if (node == null) {
            return Shape.ANY;
        }
        return switch (node.type()) {
            case "path" -> path(node, ctx);
            case "name" -> name(ctx, node);
            case "variable" -> variable(node, ctx);
            case "function", "partial" -> function(node, ctx);
            case "string" -> Shape.of(Kind.STRING);
            case "number" -> Shape.of(Kind.NUMBER);
            case "value" -> node.value() instanceof Boolean ? Shape.of(Kind.BOOLEAN) : Shape.ANY;
            case "binary" -> binary(node, ctx);
            case "unary" -> unary(node, ctx);
            case "condition" -> condition(node, ctx);
            case "block" -> {
                Shape last = Shape.ANY;
                for (Node e : node.children("expressions")) {
                    last = walk(e, ctx);
                }
                yield last;
            }
            case "bind" -> walk(node.child("rhs"), ctx);
            case "apply" -> {
                walk(node.child("lhs"), ctx);
                yield walk(node.child("rhs"), ctx);
            }
            case "lambda" -> {
                walk(node.child("body"), Shape.ANY);
                yield Shape.ANY;
            }
            case "transform" -> {
                walk(node.child("pattern"), Shape.ANY);
                walk(node.child("update"), Shape.ANY);
                walk(node.child("delete"), Shape.ANY);
                yield Shape.ANY;
            }
            case "filter" -> {
                walk(node.child("expr"), ctx);
                yield ctx;
            }
            default -> Shape.ANY; // regex, wildcard, descendant, parent, error
        };
    }

    private Shape path(Node node, Shape ctx) {
        Shape current = ctx;
        List<Node> steps = node.children("steps");
        for (int i = 0; i < steps.size(); i++) {
            Node step = steps.get(i);
            Shape before = current;
            if ("name".equals(step.type())) {
                current = name(current, step);
            } else if ("variable".equals(step.type()) && i == 0) {
                current = variable(step, current);
            } else if ("wildcard".equals(step.type()) || "descendant".equals(step.type())) {
                current = Shape.ANY;
            } else if ("sort".equals(step.type())) {
                Shape element = before.element();
                step.children("terms").forEach(t -> walk(t.child("expression"), element));
            } else {
                current = walk(step, before.element());
            }
            Shape element = current.element();
            for (String role : List.of("stages", "predicate")) {
                for (Node stage : step.children(role)) {
                    if ("filter".equals(stage.type())) {
                        walk(stage.child("expr"), element);
                    }
                }
            }
            step.groupPairs().forEach(p -> {
                walk(p[0], element);
                walk(p[1], element);
            });
        }
        return current;
    }

    private Shape variable(Node node, Shape ctx) {
        String name = node.text();
        if (name == null || name.isEmpty()) {
            return ctx;
        }
        return switch (name) {
            case "$", "root" -> root;
            case "parent" -> parent == null ? root : parent;
            default -> {
                if (!boundNames.contains(name) && !isFunction(name)) {
                    problems.error(node.position(), "unknown variable $" + name
                            + " (mappings know $root and $parent, and variables bound with :=)");
                }
                yield Shape.ANY;
            }
        };
    }

    private Shape name(Shape ctx, Node step) {
        String name = step.text();
        if (ctx.kind() == Kind.ANY) {
            return Shape.ANY;
        }
        if (ctx.lookup() != null) {
            Set<String> keys = new TreeSet<>();
            ctx.lookup().entries().values().forEach(v -> {
                if (v instanceof Map<?, ?> m) {
                    m.keySet().forEach(k -> keys.add(String.valueOf(k)));
                }
            });
            if (!keys.contains(name)) {
                problems.error(step.position(), "entries of lookup " + ctx.lookup().describe() + " have no key '"
                        + name + "' (keys: " + String.join(", ", keys) + ")");
            }
            return Shape.ANY;
        }
        ObjectSchema object = ctx.object();
        if (object == null) {
            problems.error(step.position(), "'" + ctx.path() + "' is a " + ctx.kind().label()
                    + " value and has no field '" + name + "'");
            return Shape.ANY;
        }
        String path = ctx.path() == null ? name : ctx.path() + "." + name;
        if (ctx.childList()) {
            return switch (name) {
                case "records" -> new Shape(Kind.LIST, object, true, false, null, null, path);
                case "totalSize" -> Shape.of(Kind.INTEGER);
                case "done" -> Shape.of(Kind.BOOLEAN);
                default -> {
                    problems.error(step.position(), "'" + ctx.path() + "' is a child relationship (totalSize, done, "
                            + "records); use " + ctx.path() + ".records." + name);
                    yield Shape.ANY;
                }
            };
        }
        if ("attributes".equals(name) && ObjectSchemas.SALESFORCE.equals(object.system())) {
            return Shape.ANY;
        }
        Field field = object.fields().get(name);
        Shape result;
        if (field != null) {
            sourcePaths.add(path);
            result = fieldShape(object, field, path);
        } else if (object.relationships().containsKey(name)) {
            String related = object.relationships().get(name).relatedObject();
            result = related == null ? Shape.ANY : schemaShape(object.system(), related, path, false);
        } else if (object.children().containsKey(name)) {
            result = schemaShape(object.system(), object.children().get(name), path, true);
        } else {
            problems.error(step.position(), "unknown source field '" + name + "' on " + object.system() + " "
                    + object.name() + hint(object, name));
            return Shape.ANY;
        }
        return ctx.list() && result.kind() != Kind.ANY ? result.asList() : result;
    }

    private Shape fieldShape(ObjectSchema owner, Field field, String path) {
        if (field.relatedObject() != null && field.relationshipName() == null) {
            // an Ordway field holding nested resources: plans[], line_items[]
            Shape nested = schemaShape(owner.system(), field.relatedObject(), path, false);
            return field.kind() == Kind.LIST && nested.kind() != Kind.ANY ? nested.asList() : nested;
        }
        if (field.kind() == Kind.OBJECT || field.kind() == Kind.LIST) {
            return Shape.ANY;
        }
        return new Shape(field.kind(), null, false, false, null, field, path);
    }

    private Shape schemaShape(String system, String objectName, String path, boolean childList) {
        ObjectSchema target = schemas.find(system, objectName).orElse(null);
        if (target == null) {
            return Shape.ANY;
        }
        return new Shape(Kind.OBJECT, target, false, childList, null, null, path);
    }

    private static String hint(ObjectSchema object, String name) {
        for (String candidate : object.fields().keySet()) {
            if (candidate.equalsIgnoreCase(name) || candidate.equalsIgnoreCase(name + "__c")) {
                return " (did you mean " + candidate + "?)";
            }
        }
        for (String candidate : object.children().keySet()) {
            if (candidate.equalsIgnoreCase(name)) {
                return " (did you mean " + candidate + "?)";
            }
        }
        return "";
    }

    private Shape function(Node node, Shape ctx) {
        Node procedure = node.child("procedure");
        List<Node> args = node.children("arguments");
        if (procedure == null || !"variable".equals(procedure.type())) {
            if (procedure != null && "path".equals(procedure.type()) && procedure.children("steps").size() == 1
                    && "name".equals(procedure.children("steps").get(0).type())) {
                String name = procedure.children("steps").get(0).text();
                problems.error(node.position(), "unknown function '" + name + "' (functions start with $, e.g. $"
                        + name + ")");
            } else {
                walk(procedure, ctx);
            }
            args.forEach(a -> walk(a, ctx));
            return Shape.ANY;
        }
        String name = procedure.text();
        switch (name) {
            case "lookup" -> {
                Table table = tableArgument(args, lookups, "lookup", node);
                args.stream().skip(1).forEach(a -> walk(a, ctx));
                return table == null ? Shape.ANY : new Shape(Kind.OBJECT, null, false, false, table, null, null);
            }
            case "enum" -> {
                Table table = tableArgument(args, enums, "enum", node);
                if (args.size() > 1) {
                    Shape value = walk(args.get(1), ctx);
                    if (table != null && value.field() != null && !value.field().values().isEmpty()) {
                        checkEnumCoverage(table, value, args.get(1).position());
                    }
                }
                return Shape.of(Kind.STRING);
            }
            default -> {
                // fall through to the generic checks below
            }
        }
        Shape first = Shape.ANY;
        for (int i = 0; i < args.size(); i++) {
            Shape s = walk(args.get(i), ctx);
            if (i == 0 || first.kind() == Kind.ANY) {
                first = s;
            }
        }
        if (boundNames.contains(name)) {
            return Shape.ANY;
        }
        if (!isFunction(name)) {
            problems.error(node.position(), "unknown function $" + name + "; available: JSONata's built-in functions"
                    + " and $" + String.join(", $", new TreeSet<>(MappingFunctions.NAMES)));
            return Shape.ANY;
        }
        return switch (name) {
            case "date" -> Shape.of(Kind.DATE);
            case "datetime" -> Shape.of(Kind.DATETIME);
            case "money" -> Shape.of(Kind.MONEY);
            case "currency" -> Shape.of(Kind.CURRENCY);
            case "coalesce" -> first.object() == null && first.lookup() == null ? Shape.of(first.kind()) : first;
            default -> STRING_FUNCTIONS.contains(name) ? Shape.of(Kind.STRING)
                    : NUMBER_FUNCTIONS.contains(name) ? Shape.of(Kind.NUMBER)
                    : BOOLEAN_FUNCTIONS.contains(name) ? Shape.of(Kind.BOOLEAN) : Shape.ANY;
        };
    }

    private Table tableArgument(List<Node> args, Map<String, Table> tables, String kind, Node call) {
        if (args.isEmpty() || !"string".equals(args.get(0).type())) {
            problems.error(call.position(), "$" + kind + " takes the " + kind + " name as a quoted string first, e.g. $"
                    + kind + "('" + (tables.isEmpty() ? "name" : tables.keySet().iterator().next()) + "', ...)");
            return null;
        }
        String tableName = args.get(0).text();
        Table table = tables.get(tableName);
        if (table == null) {
            problems.error(args.get(0).position(), "unknown " + kind + " '" + tableName + "'; this mapping declares "
                    + (tables.isEmpty() ? "none" : String.join(", ", tables.keySet())) + " under " + kind + "s:");
        }
        return table;
    }

    private void checkEnumCoverage(Table table, Shape value, int position) {
        List<String> picklist = value.field().values();
        Set<String> unknown = new LinkedHashSet<>(table.entries().keySet());
        picklist.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            problems.error(position, "enum " + table.describe() + " maps " + unknown + ", which "
                    + (unknown.size() == 1 ? "is not a value" : "are not values") + " of picklist " + value.path()
                    + " (values: " + String.join(", ", picklist) + ")");
        }
        Set<String> uncovered = new LinkedHashSet<>(picklist);
        uncovered.removeAll(table.entries().keySet());
        if (!uncovered.isEmpty()) {
            problems.warning("enum " + table.describe() + " has no entry for picklist values " + uncovered + " of "
                    + value.path() + "; records with them will fail to map");
        }
    }

    private Shape binary(Node node, Shape ctx) {
        walk(node.child("lhs"), ctx);
        walk(node.child("rhs"), ctx);
        return switch (node.text()) {
            case "+", "-", "*", "/", "%" -> Shape.of(Kind.NUMBER);
            case "=", "!=", "<", "<=", ">", ">=", "and", "or", "in" -> Shape.of(Kind.BOOLEAN);
            case "&" -> Shape.of(Kind.STRING);
            default -> Shape.ANY;
        };
    }

    private Shape unary(Node node, Shape ctx) {
        String op = node.text();
        if ("[".equals(op)) {
            node.children("expressions").forEach(e -> walk(e, ctx));
            return Shape.of(Kind.LIST);
        }
        if ("{".equals(op)) {
            node.pairs().forEach(p -> {
                walk(p[0], ctx);
                walk(p[1], ctx);
            });
            return Shape.of(Kind.OBJECT);
        }
        walk(node.child("expression"), ctx);
        return "-".equals(op) ? Shape.of(Kind.NUMBER) : Shape.ANY;
    }

    private Shape condition(Node node, Shape ctx) {
        walk(node.child("condition"), ctx);
        Shape then = walk(node.child("then"), ctx);
        if (node.child("_else") == null) {
            return then;
        }
        Shape otherwise = walk(node.child("_else"), ctx);
        return then.kind() == otherwise.kind() ? Shape.of(then.kind()) : Shape.ANY;
    }

    static boolean isFunction(String name) {
        if (MappingFunctions.NAMES.contains(name)) {
            return true;
        }
        return BUILTINS.computeIfAbsent(name, n -> {
            try {
                return Jsonata.jsonata("$" + n).evaluate(null) != null;
            } catch (RuntimeException e) {
                return false;
            }
        });
    }
}
