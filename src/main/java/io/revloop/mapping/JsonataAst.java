package io.revloop.mapping;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.dashjoin.jsonata.Jsonata;

/**
 * A read-only copy of the syntax tree dashjoin's parser builds, for the validator to walk.
 *
 * <p>dashjoin/jsonata 0.9.9 keeps its tree ({@code Parser.Symbol}) in package-private fields and offers no visitor, so
 * the copy is made by reflection, in this one class. Should a dashjoin upgrade rename those fields, the mapping tests
 * fail at once (every real mapping file is validated by them); nothing here is used when mappings are applied.
 */
final class JsonataAst {

    /** One node; the role names follow dashjoin's (and jsonata-js's) processed AST. */
    record Node(String type, Object value, int position, Map<String, Node> single, Map<String, List<Node>> lists,
                List<Node[]> pairs, List<Node[]> groupPairs) {

        Node child(String role) {
            return single.get(role);
        }

        List<Node> children(String role) {
            return lists.getOrDefault(role, List.of());
        }

        String text() {
            return value == null ? null : String.valueOf(value);
        }
    }

    private static final String[] SINGLE = {"expression", "procedure", "body", "lhs", "rhs", "condition", "then",
            "_else", "pattern", "update", "delete", "group", "expr"};
    private static final String[] LISTS = {"steps", "stages", "predicate", "arguments", "expressions", "terms"};
    private static final Map<String, Field> FIELDS = new HashMap<>();
    private static final Field AST;

    static {
        try {
            Class<?> symbol = Class.forName("com.dashjoin.jsonata.Parser$Symbol");
            for (String name : new String[] {"type", "value", "position", "lhsObject", "descending"}) {
                FIELDS.put(name, accessible(symbol.getDeclaredField(name)));
            }
            for (String name : SINGLE) {
                FIELDS.put(name, accessible(symbol.getDeclaredField(name)));
            }
            for (String name : LISTS) {
                FIELDS.put(name, accessible(symbol.getDeclaredField(name)));
            }
            AST = accessible(Jsonata.class.getDeclaredField("ast"));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("dashjoin jsonata's syntax tree is not where 0.9.9 keeps it: " + e);
        }
    }

    private JsonataAst() {
    }

    static Node of(Jsonata compiled) {
        try {
            return copy(AST.get(compiled), 0);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field accessible(Field f) {
        f.setAccessible(true);
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Node copy(Object symbol, int depth) throws IllegalAccessException {
        if (symbol == null) {
            return null;
        }
        if (depth > 200) {
            throw new IllegalStateException("expression nests too deeply");
        }
        Map<String, Node> single = new HashMap<>();
        for (String role : SINGLE) {
            Object child = FIELDS.get(role).get(symbol);
            if (child != null && child.getClass().getName().startsWith("com.dashjoin.jsonata.Parser$")) {
                single.put(role, copy(child, depth + 1));
            }
        }
        Map<String, List<Node>> lists = new HashMap<>();
        for (String role : LISTS) {
            List<Object> children = (List<Object>) FIELDS.get(role).get(symbol);
            if (children != null) {
                List<Node> copies = new ArrayList<>();
                for (Object child : children) {
                    copies.add(copy(child, depth + 1));
                }
                lists.put(role, copies);
            }
        }
        List<Node[]> pairs = pairs((List<Object[]>) FIELDS.get("lhsObject").get(symbol), depth);
        List<Node[]> groupPairs = List.of();
        Node group = single.get("group");
        if (group != null) {
            groupPairs = group.pairs();
        }
        Object value = FIELDS.get("value").get(symbol);
        // a function name's token can be a nested symbol; only scalar values matter to the validator
        if (value != null && value.getClass().getName().startsWith("com.dashjoin.jsonata.Parser$")) {
            value = null;
        }
        return new Node((String) FIELDS.get("type").get(symbol), value, (int) FIELDS.get("position").get(symbol),
                single, lists, pairs, groupPairs);
    }

    private static List<Node[]> pairs(List<Object[]> raw, int depth) throws IllegalAccessException {
        if (raw == null) {
            return List.of();
        }
        List<Node[]> out = new ArrayList<>();
        for (Object[] pair : raw) {
            out.add(new Node[] {copy(pair[0], depth + 1), copy(pair[1], depth + 1)});
        }
        return out;
    }
}
