package io.revloop.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Jsonata.Frame;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One validated mapping file, ready to map source records. Immutable and safe to share. */
public final class Mapping {

    // dashjoin/jsonata 0.9.9 keeps evaluation state in shared, per-thread-cached instances that race when one compiled
    // expression is evaluated on several threads (dashjoin/jsonata-java#90, #93; fixed after 0.9.9). Mapping is cheap
    // next to the HTTP calls around it, so evaluations are serialised.
    private static final Object EVALUATION_LOCK = new Object();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String name;
    private final String file;
    private final String sourceSystem;
    private final String sourceObject;
    private final String targetSystem;
    private final String targetObject;
    private final String idField;
    private final List<FieldSpec> fields;
    private final Set<String> sourcePaths;

    Mapping(String name, String file, String sourceSystem, String sourceObject, String targetSystem,
            String targetObject, List<FieldSpec> fields) {
        this.name = name;
        this.file = file;
        this.sourceSystem = sourceSystem;
        this.sourceObject = sourceObject;
        this.targetSystem = targetSystem;
        this.targetObject = targetObject;
        this.idField = ObjectSchemas.SALESFORCE.equals(sourceSystem) ? "Id" : "id";
        this.fields = List.copyOf(fields);
        Set<String> paths = new LinkedHashSet<>();
        collectPaths(fields, paths);
        this.sourcePaths = Collections.unmodifiableSet(paths);
    }

    private static void collectPaths(List<FieldSpec> specs, Set<String> into) {
        for (FieldSpec f : specs) {
            into.addAll(f.sourcePaths);
            collectPaths(f.nested(), into);
        }
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    /** E.g. {@code salesforce Opportunity}. */
    public String source() {
        return sourceSystem + " " + sourceObject;
    }

    /** E.g. {@code ordway subscription}. */
    public String target() {
        return targetSystem + " " + targetObject;
    }

    /**
     * Every source field path the mapping reads, e.g. {@code Account.Name}, {@code OpportunityLineItems.records.Quantity};
     * what a flow's query has to select.
     */
    public Set<String> sourceFields() {
        return sourcePaths;
    }

    /**
     * Maps one source record.
     *
     * @param source the record as a {@link Map}, a Jackson {@link JsonNode}, or JSON text / bytes / stream
     * @throws MappingException naming the record and the field when the record cannot be mapped
     */
    public MappingResult apply(Object source) {
        Map<String, Object> record = toMap(source);
        String recordId = record.get(idField) == null ? null : String.valueOf(record.get(idField));
        Run run = new Run(record, recordId);
        Map<String, String> ownership = new LinkedHashMap<>();
        Map<String, Object> document;
        synchronized (EVALUATION_LOCK) {
            document = run.object(fields, record, record, "", "", ownership);
        }
        return new MappingResult(document, ownership, run.warnings);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(Object source) {
        try {
            if (source instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            if (source instanceof JsonNode node) {
                return JSON.convertValue(node, MAP);
            }
            if (source instanceof String s) {
                return JSON.readValue(s, MAP);
            }
            if (source instanceof byte[] b) {
                return JSON.readValue(b, MAP);
            }
            if (source instanceof InputStream in) {
                return JSON.readValue(in, MAP);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new MappingException(null, null, sourceObject + " record for mapping " + name
                    + " is not a JSON object: " + e.getMessage(), e);
        }
        throw new MappingException(null, null, "mapping " + name + " cannot read a " + sourceObject + " record from "
                + (source == null ? "null" : source.getClass().getName()), null);
    }

    /** The state of one {@link #apply} call. */
    private final class Run {
        final Map<String, Object> root;
        final String recordId;
        final List<String> warnings = new ArrayList<>();

        Run(Map<String, Object> root, String recordId) {
            this.root = root;
            this.recordId = recordId;
        }

        /**
         * @param where    the concrete location for messages, e.g. {@code plans[2].}
         * @param template the path with {@code []} for items, e.g. {@code plans[].}, for ownership
         */
        @SuppressWarnings("unchecked")
        Map<String, Object> object(List<FieldSpec> specs, Object input, Object parent, String where, String template,
                                   Map<String, String> ownership) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (FieldSpec f : specs) {
                String at = where + f.name;
                if (f.compiledWhen != null && !Jsonata.boolize(eval(f.compiledWhen, f, at, input, parent, f.whenLine))) {
                    continue;
                }
                Object value;
                if (f.compiledEach != null) {
                    Object items = eval(f.compiledEach, f, at, input, parent, f.eachLine);
                    List<Object> list = items == null ? List.of() : items instanceof List<?> l ? (List<Object>) l
                            : List.of(items);
                    List<Object> built = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        built.add(object(f.nested(), list.get(i), input, at + "[" + (i + 1) + "].",
                                template + f.name + "[].", ownership));
                    }
                    value = built.isEmpty() ? null : built;
                } else if (f.fields != null) {
                    Map<String, Object> nested = object(f.nested(), input, parent, at + ".", template + f.name + ".",
                            ownership);
                    value = nested.isEmpty() ? null : nested;
                } else {
                    value = f.compiledExpr == null ? null : eval(f.compiledExpr, f, at, input, parent, f.exprLine);
                    if (value != null && f.fields == null) {
                        value = normalise(f, at, value);
                    }
                }
                if (value == null && f.hasDefault) {
                    value = f.defaultValue;
                }
                if (value == null) {
                    if (f.required) {
                        throw failure(at, "required field " + f.name + " has no value"
                                + (f.sourcePaths.isEmpty() ? "" : " (from " + String.join(", ", f.sourcePaths) + ")")
                                + " - see " + file + ":" + f.line, null);
                    }
                    warnings.add(at + ": no value, left out");
                    continue;
                }
                out.put(f.name, value);
                if (f.fields == null || f.compiledEach != null) {
                    ownership.put(template + f.name, f.owner);
                }
            }
            return out;
        }

        private Object normalise(FieldSpec f, String at, Object value) {
            try {
                return MappingFunctions.normalise(f.kind, targetSystem, value);
            } catch (MappingFunctions.Failure e) {
                throw failure(at, e.getMessage() + " - see " + file + ":" + f.line, e);
            }
        }

        private Object eval(Jsonata expression, FieldSpec f, String at, Object input, Object parent, int line) {
            Frame bindings = expression.createFrame();
            bindings.bind("root", root);
            bindings.bind("parent", parent);
            try {
                return expression.evaluate(input, bindings);
            } catch (MappingFunctions.Failure e) {
                throw failure(at, e.getMessage() + " - see " + file + ":" + line, e);
            } catch (MappingException e) {
                throw e;
            } catch (RuntimeException e) {
                // JException, and dashjoin's RuntimeException-wrapped argument errors of built-in functions: the
                // same record fails the same way on every retry, so it is a mapping failure, not a transient one.
                throw failure(at, "expression failed: " + e.getMessage() + " - see " + file + ":" + line, e);
            }
        }

        private MappingException failure(String at, String detail, Throwable cause) {
            return new MappingException(recordId, at, sourceObject + " " + recordId + ": " + describe(at) + ": "
                    + detail, cause);
        }

        /** {@code plans[2].plan_id} becomes {@code plans[2] (OpportunityLineItem 00k..., line 2) field plan_id}. */
        @SuppressWarnings("unchecked")
        private String describe(String at) {
            int bracket = at.lastIndexOf("[");
            if (bracket < 0) {
                return "field " + at;
            }
            int close = at.indexOf(']', bracket);
            String item = at.substring(0, close + 1);
            String rest = at.substring(Math.min(close + 2, at.length()));
            FieldSpec list = findList(fields, at.substring(0, bracket));
            String index = at.substring(bracket + 1, close);
            String itemId = null;
            Object items = list == null ? null : itemsOf(list, at.substring(0, bracket));
            if (items instanceof List<?> l) {
                int i = Integer.parseInt(index) - 1;
                if (i < l.size() && l.get(i) instanceof Map<?, ?> m && m.get(idField) != null) {
                    itemId = String.valueOf(((Map<String, Object>) m).get(idField));
                }
            }
            String label = list == null || list.itemObject == null ? "item" : list.itemObject;
            return item + " (" + label + (itemId == null ? "" : " " + itemId) + ", line " + index + ")"
                    + (rest.isEmpty() ? "" : " field " + rest);
        }

        private Object itemsOf(FieldSpec list, String at) {
            if (at.contains("[")) {
                return null; // nested lists: the item number is enough
            }
            try {
                Frame bindings = list.compiledEach.createFrame();
                bindings.bind("root", root);
                bindings.bind("parent", root);
                return list.compiledEach.evaluate(root, bindings);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private FieldSpec findList(List<FieldSpec> specs, String path) {
            String plain = path.replaceAll("\\[\\d+]", "");
            String[] parts = plain.split("\\.");
            List<FieldSpec> level = specs;
            FieldSpec found = null;
            for (String part : parts) {
                found = level.stream().filter(s -> s.name.equals(part)).findFirst().orElse(null);
                if (found == null) {
                    return null;
                }
                level = found.nested();
            }
            return found;
        }
    }
}
