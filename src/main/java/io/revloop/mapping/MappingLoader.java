package io.revloop.mapping;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

import io.revloop.mapping.ExpressionChecker.Shape;
import io.revloop.mapping.MappingFunctions.Table;
import io.revloop.mapping.ObjectSchemas.Field;
import io.revloop.mapping.ObjectSchemas.ObjectSchema;

/**
 * Reads one mapping file, compiles its expressions and validates it against the object schemas. Every problem is
 * collected with its file and line; a file with errors yields no {@link Mapping}.
 */
final class MappingLoader {

    private static final Set<String> TOP_KEYS = Set.of("source", "target", "owner", "description", "lookups", "enums",
            "fields");
    private static final Set<String> FIELD_KEYS = Set.of("expr", "owner", "default", "when", "type", "required",
            "each", "fields", "note");
    private static final Set<String> OWNERS = Set.of(ObjectSchemas.SALESFORCE, ObjectSchemas.ORDWAY);

    private final ObjectSchemas schemas;
    private final Path dir;
    private final String displayDir;

    private String file;
    private List<MappingError> errors;
    private List<String> warnings;
    private String targetSystem;

    MappingLoader(ObjectSchemas schemas, Path dir, String displayDir) {
        this.schemas = schemas;
        this.dir = dir;
        this.displayDir = displayDir;
    }

    /** @return the mapping, or null when the file has errors (added to {@code errors}) */
    Mapping load(Path path, List<MappingError> errors, List<String> warnings) {
        this.file = displayDir + "/" + path.getFileName();
        this.errors = new ArrayList<>();
        this.warnings = warnings;
        try {
            return parse(path);
        } finally {
            errors.addAll(this.errors);
        }
    }

    private Mapping parse(Path path) {
        Node root = compose(path, file);
        if (root == null) {
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            error(root, null, "a mapping file is a YAML map with source, target and fields");
            return null;
        }
        Map<String, NodeTuple> keys = keys(top, TOP_KEYS, null);
        String[] source = systemAndObject(keys.get("source"), "source", top);
        String[] target = systemAndObject(keys.get("target"), "target", top);
        if (source == null || target == null) {
            return null;
        }
        ObjectSchema sourceSchema = schemas.find(source[0], source[1]).orElse(null);
        ObjectSchema targetSchema = schemas.find(target[0], target[1]).orElse(null);
        if (sourceSchema == null) {
            error(keys.get("source").getValueNode(), null, "unknown source object " + source[0] + " " + source[1]);
        }
        if (targetSchema == null) {
            error(keys.get("target").getValueNode(), null, "unknown target object " + target[0] + " " + target[1]);
        }
        this.targetSystem = target[0];
        String owner = source[0];
        if (keys.containsKey("owner")) {
            owner = scalar(keys.get("owner").getValueNode(), "owner", null);
            if (!OWNERS.contains(owner)) {
                error(keys.get("owner").getValueNode(), null, "owner must be salesforce or ordway, not '" + owner + "'");
            }
        }
        Map<String, Table> lookups = tables(keys.get("lookups"), "lookup");
        Map<String, Table> enums = tables(keys.get("enums"), "enum");
        if (!keys.containsKey("fields") || !(keys.get("fields").getValueNode() instanceof MappingNode)) {
            error(top, null, "fields: is missing; it maps each target field");
            return null;
        }
        MappingNode fieldsNode = (MappingNode) keys.get("fields").getValueNode();
        List<FieldSpec> fields = fields(fieldsNode, "", owner);
        if (sourceSchema == null || targetSchema == null) {
            return null;
        }
        MappingFunctions functions = new MappingFunctions(lookups, enums);
        compile(fields, functions);
        Shape rootShape = Shape.object(sourceSchema, null);
        ExpressionChecker checker = new ExpressionChecker(schemas, lookups, enums, rootShape);
        validate(fields, targetSchema, target[0] + " " + target[1], line(keys.get("fields").getKeyNode()), rootShape,
                rootShape, checker);
        if (!errors.isEmpty()) {
            return null;
        }
        String name = path.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return new Mapping(name, file, source[0], source[1], target[0], target[1], fields);
    }

    // ---- structure

    private Node compose(Path path, String display) {
        try (Reader reader = Files.newBufferedReader(path)) {
            Node node = new Yaml(new SafeConstructor(new LoaderOptions())).compose(reader);
            if (node == null) {
                errors.add(new MappingError(display, 1, null, "the file is empty"));
            }
            return node;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            errors.add(new MappingError(display, line, null, "not valid YAML: " + e.getProblem()));
        } catch (IOException e) {
            errors.add(new MappingError(display, 1, null, "cannot read: " + e.getMessage()));
        }
        return null;
    }

    private Map<String, NodeTuple> keys(MappingNode node, Set<String> allowed, String field) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            String key = scalar(t.getKeyNode(), "key", field);
            if (key == null) {
                continue;
            }
            if (allowed != null && !allowed.contains(key)) {
                error(t.getKeyNode(), field, "unknown key '" + key + "'; expected one of " + new java.util.TreeSet<>(allowed));
            } else if (out.put(key, t) != null) {
                error(t.getKeyNode(), field, "'" + key + "' appears twice");
            }
        }
        return out;
    }

    private String[] systemAndObject(NodeTuple tuple, String what, Node fallback) {
        if (tuple == null || !(tuple.getValueNode() instanceof MappingNode node)) {
            error(tuple == null ? fallback : tuple.getValueNode(), null, what + ": names the system and object, e.g. "
                    + what + ": {salesforce: Opportunity}");
            return null;
        }
        String[] result = null;
        for (NodeTuple t : node.getValue()) {
            String key = scalar(t.getKeyNode(), "key", null);
            if ("reads".equals(key) && "source".equals(what)) {
                continue; // documents the related records the flow reads; their fields are checked where used
            }
            if (!OWNERS.contains(key)) {
                error(t.getKeyNode(), null, what + ": system must be salesforce or ordway, not '" + key + "'");
                return null;
            }
            result = new String[] {key, scalar(t.getValueNode(), what, null)};
        }
        if (result == null) {
            error(node, null, what + ": names no system");
        }
        return result;
    }

    private Map<String, Table> tables(NodeTuple tuple, String kind) {
        Map<String, Table> tables = new LinkedHashMap<>();
        if (tuple == null) {
            return tables;
        }
        if (!(tuple.getValueNode() instanceof MappingNode node)) {
            error(tuple.getValueNode(), null, kind + "s: is a map of names to tables or file names");
            return tables;
        }
        for (NodeTuple t : node.getValue()) {
            String name = scalar(t.getKeyNode(), kind + " name", null);
            Node body = t.getValueNode();
            String source = null;
            if (body instanceof ScalarNode ref) {
                source = displayDir + "/" + ref.getValue();
                Path refPath = dir.resolve(ref.getValue()).normalize();
                if (!Files.isRegularFile(refPath)) {
                    error(ref, null, kind + " '" + name + "': file " + source + " does not exist");
                    continue;
                }
                body = compose(refPath, source);
                if (body == null) {
                    continue;
                }
            }
            Object value = value(body);
            if (!(value instanceof Map<?, ?> map)) {
                error(body, null, kind + " '" + name + "' must be a map");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) map;
            Object entries = m.containsKey("entries") ? m.get("entries") : "lookup".equals(kind) ? null : m;
            if (!(entries instanceof Map<?, ?>)) {
                error(body, null, kind + " '" + name + "' needs entries: (a map of keys to values)");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) entries;
            tables.put(name, new Table(name, source, m.get("key") == null ? null : String.valueOf(m.get("key")), typed));
        }
        return tables;
    }

    private List<FieldSpec> fields(MappingNode node, String prefix, String defaultOwner) {
        List<FieldSpec> out = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            String name = scalar(t.getKeyNode(), "field name", prefix);
            if (name == null) {
                continue;
            }
            FieldSpec f = new FieldSpec();
            f.name = name;
            f.path = prefix + name;
            f.line = line(t.getKeyNode());
            f.owner = defaultOwner;
            Node body = t.getValueNode();
            if (body instanceof ScalarNode s) {
                expr(f, s);
            } else if (body instanceof MappingNode m) {
                int before = errors.size();
                Map<String, NodeTuple> keys = keys(m, FIELD_KEYS, f.path);
                f.malformed = errors.size() > before;
                if (keys.containsKey("expr")) {
                    expr(f, keys.get("expr").getValueNode());
                }
                if (keys.containsKey("when")) {
                    Node w = keys.get("when").getValueNode();
                    f.when = scalar(w, "when", f.path);
                    f.whenLine = line(w);
                    f.whenBlock = block(w);
                }
                if (keys.containsKey("each")) {
                    Node e = keys.get("each").getValueNode();
                    f.each = scalar(e, "each", f.path);
                    f.eachLine = line(e);
                    f.eachBlock = block(e);
                }
                if (keys.containsKey("default")) {
                    f.hasDefault = true;
                    f.defaultValue = value(keys.get("default").getValueNode());
                }
                if (keys.containsKey("owner")) {
                    f.owner = scalar(keys.get("owner").getValueNode(), "owner", f.path);
                    if (!OWNERS.contains(f.owner)) {
                        error(keys.get("owner").getValueNode(), f.path, "owner must be salesforce or ordway, not '"
                                + f.owner + "'");
                    }
                }
                if (keys.containsKey("type")) {
                    f.typeName = scalar(keys.get("type").getValueNode(), "type", f.path);
                }
                if (keys.containsKey("required")) {
                    f.required = Boolean.TRUE.equals(value(keys.get("required").getValueNode()));
                }
                if (keys.containsKey("fields")) {
                    if (keys.get("fields").getValueNode() instanceof MappingNode nested) {
                        f.fields = fields(nested, f.path + (f.each != null ? "[]." : "."), f.owner);
                    } else {
                        error(keys.get("fields").getValueNode(), f.path, "fields: must be a map of target fields");
                    }
                }
            } else {
                error(body, f.path, "a field is an expression or a map with expr, default, when, owner, type, each, "
                        + "fields");
                continue;
            }
            out.add(f);
        }
        return out;
    }

    private void expr(FieldSpec f, Node node) {
        f.expr = scalar(node, "expr", f.path);
        f.exprLine = line(node);
        f.exprBlock = block(node);
    }

    // ---- compilation

    private void compile(List<FieldSpec> fields, MappingFunctions functions) {
        for (FieldSpec f : fields) {
            f.compiledExpr = compile(f.expr, f, f.exprLine, f.exprBlock, functions);
            f.compiledWhen = compile(f.when, f, f.whenLine, f.whenBlock, functions);
            f.compiledEach = compile(f.each, f, f.eachLine, f.eachBlock, functions);
            compile(f.nested(), functions);
        }
    }

    private Jsonata compile(String text, FieldSpec f, int line, boolean block, MappingFunctions functions) {
        if (text == null) {
            return null;
        }
        try {
            Jsonata compiled = Jsonata.jsonata(text);
            functions.registerOn(compiled);
            return compiled;
        } catch (JException e) {
            errors.add(new MappingError(file, lineIn(line, block, text, e.getLocation()), f.path,
                    "JSONata syntax error in '" + oneLine(text) + "': " + e.getMessage()));
            return null;
        }
    }

    // ---- validation

    private void validate(List<FieldSpec> fields, ObjectSchema target, String targetName, int fieldsLine, Shape ctx,
                          Shape parent, ExpressionChecker checker) {
        Set<String> mapped = new LinkedHashSet<>();
        for (FieldSpec f : fields) {
            mapped.add(f.name);
            Field tf = target == null ? null : target.fields().get(f.name);
            if (target != null && tf == null) {
                errors.add(new MappingError(file, f.line, f.path, "unknown target field '" + f.name + "' on "
                        + targetName));
                continue;
            }
            if (tf != null && tf.readOnly()) {
                errors.add(new MappingError(file, f.line, f.path, "target field '" + f.name + "' of " + targetName
                        + " is read-only; " + targetSystem + " sets it"));
                continue;
            }
            Kind targetKind = tf == null ? Kind.ANY : tf.kind();
            Kind declared = null;
            if (f.typeName != null) {
                declared = Kind.ofNormaliser(f.typeName);
                if (declared == null) {
                    errors.add(new MappingError(file, f.line, f.path, "unknown type '" + f.typeName
                            + "'; use date, datetime, money, currency, string, number, integer or boolean"));
                } else if (!targetKind.accepts(declared)) {
                    errors.add(new MappingError(file, f.line, f.path, "type mismatch: declared " + f.typeName
                            + " but " + targetName + "." + f.name + " is " + targetKind.label()));
                }
            }
            f.kind = declared != null ? declared : targetKind;
            f.required = f.required || (tf != null && tf.required());
            if (f.compiledWhen != null) {
                check(checker, f.compiledWhen, f, f.whenLine, f.whenBlock, f.when, ctx, parent);
            }
            if (f.each != null || f.fields != null) {
                nested(f, tf, targetName, targetKind, ctx, parent, checker);
            } else if (f.compiledExpr != null) {
                Shape shape = check(checker, f.compiledExpr, f, f.exprLine, f.exprBlock, f.expr, ctx, parent);
                if (!f.kind.accepts(shape.kind())) {
                    errors.add(new MappingError(file, f.exprLine, f.path, "type mismatch: '" + oneLine(f.expr)
                            + "' yields " + (shape.path() == null ? "" : shape.path() + ", ") + "a "
                            + shape.describe() + ", but " + targetName + "." + f.name + " is " + f.kind.label()));
                }
            } else if (f.expr == null && !f.hasDefault && !f.malformed) {
                errors.add(new MappingError(file, f.line, f.path, "needs expr, default, each or fields"));
            }
            if (f.hasDefault && f.defaultValue != null) {
                try {
                    f.defaultValue = MappingFunctions.normalise(f.kind, targetSystem, f.defaultValue);
                } catch (MappingFunctions.Failure e) {
                    errors.add(new MappingError(file, f.line, f.path, "default " + f.defaultValue + " does not fit "
                            + f.kind.label() + ": " + e.getMessage()));
                }
            }
        }
        if (target != null) {
            for (Field tf : target.fields().values()) {
                if (tf.required() && !mapped.contains(tf.name())) {
                    String path = fields.isEmpty() ? tf.name() : fields.get(0).path.replaceFirst("[^.\\[\\]]+$", "")
                            + tf.name();
                    errors.add(new MappingError(file, fieldsLine, path, "required target field '" + tf.name()
                            + "' of " + targetName + " is not mapped (give it an expr or a default)"));
                }
            }
        }
    }

    private void nested(FieldSpec f, Field tf, String targetName, Kind targetKind, Shape ctx, Shape parent,
                        ExpressionChecker checker) {
        if (f.fields == null) {
            errors.add(new MappingError(file, f.line, f.path, "each: needs fields: to say what each item becomes"));
            return;
        }
        if (f.expr != null) {
            errors.add(new MappingError(file, f.exprLine, f.path, "give either expr or fields, not both"));
        }
        ObjectSchema itemSchema = tf == null || tf.relatedObject() == null ? null
                : schemas.find(targetSystem, tf.relatedObject()).orElse(null);
        String itemName = itemSchema == null ? targetName + "." + f.name : targetSystem + " " + itemSchema.name();
        Shape itemCtx = ctx;
        Shape itemParent = parent;
        if (f.each != null) {
            if (targetKind != Kind.LIST && targetKind != Kind.ANY) {
                errors.add(new MappingError(file, f.eachLine, f.path, "each: builds a list, but " + targetName + "."
                        + f.name + " is " + targetKind.label()));
            }
            if (f.compiledEach == null) {
                return;
            }
            Shape items = check(checker, f.compiledEach, f, f.eachLine, f.eachBlock, f.each, ctx, parent);
            if (items.childList() && !items.list()) {
                errors.add(new MappingError(file, f.eachLine, f.path, "'" + oneLine(f.each) + "' is a child "
                        + "relationship; iterate over its records: " + items.path() + ".records"));
            } else if (items.kind() != Kind.ANY && items.kind() != Kind.LIST && items.kind() != Kind.OBJECT) {
                errors.add(new MappingError(file, f.eachLine, f.path, "each: '" + oneLine(f.each) + "' yields a "
                        + items.describe() + ", not a list of records"));
            }
            itemCtx = items.element();
            itemParent = ctx;
            f.itemObject = itemCtx.object() == null ? null : itemCtx.object().name();
        } else if (targetKind != Kind.OBJECT && targetKind != Kind.ANY) {
            errors.add(new MappingError(file, f.line, f.path, "fields: builds an object, but " + targetName + "."
                    + f.name + " is " + targetKind.label() + (targetKind == Kind.LIST ? "; add each:" : "")));
        }
        validate(f.fields, itemSchema, itemName, f.line, itemCtx, itemParent, checker);
    }

    private Shape check(ExpressionChecker checker, Jsonata compiled, FieldSpec f, int line, boolean block, String text,
                        Shape ctx, Shape parent) {
        return checker.check(compiled, ctx, parent, f.sourcePaths, new ExpressionChecker.Problems() {
            @Override
            public void error(int position, String message) {
                errors.add(new MappingError(file, lineIn(line, block, text, position), f.path, message));
            }

            @Override
            public void warning(String message) {
                warnings.add(file + ":" + line + ": field " + f.path + ": " + message);
            }
        });
    }

    // ---- helpers

    private String scalar(Node node, String what, String field) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        error(node, field, what + " must be a single value");
        return null;
    }

    private static Object value(Node node) {
        if (node instanceof ScalarNode s) {
            Tag tag = s.getTag();
            String v = s.getValue();
            try {
                if (Tag.NULL.equals(tag)) {
                    return null;
                }
                if (Tag.BOOL.equals(tag)) {
                    return Boolean.valueOf(v.toLowerCase(java.util.Locale.ROOT));
                }
                if (Tag.INT.equals(tag)) {
                    return Long.valueOf(v.replace("_", ""));
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.valueOf(v.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                return v;
            }
            return v; // strings, and dates kept as written
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            seq.getValue().forEach(n -> out.add(value(n)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        ((MappingNode) node).getValue().forEach(t -> out.put(String.valueOf(value(t.getKeyNode())),
                value(t.getValueNode())));
        return out;
    }

    private void error(Node node, String field, String message) {
        errors.add(new MappingError(file, line(node), field, message));
    }

    private static int line(Node node) {
        return node == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static boolean block(Node node) {
        return node instanceof ScalarNode s
                && (s.getScalarStyle() == ScalarStyle.LITERAL || s.getScalarStyle() == ScalarStyle.FOLDED);
    }

    /** The file line of a character position inside an expression that starts at {@code line}. */
    private static int lineIn(int line, boolean block, String text, int position) {
        int newlines = 0;
        for (int i = 0; i < Math.min(Math.max(position - 1, 0), text.length()); i++) {
            if (text.charAt(i) == '\n') {
                newlines++;
            }
        }
        return line + (block ? 1 : 0) + newlines;
    }

    private static String oneLine(String text) {
        String s = text.strip().replaceAll("\\s+", " ");
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
