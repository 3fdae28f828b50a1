package io.revloop.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The object schemas of both systems, as read from {@code schema/salesforce-objects.yaml} and
 * {@code schema/ordway-resources.yaml} on the classpath.
 */
public final class ObjectSchemas {

    public static final String SALESFORCE = "salesforce";
    public static final String ORDWAY = "ordway";

    /** Salesforce adds these to every object; the schema file leaves them out. */
    private static final Map<String, String> SALESFORCE_SYSTEM_FIELDS = Map.of(
            "Id", "id", "IsDeleted", "boolean", "CreatedDate", "datetime", "CreatedById", "reference",
            "LastModifiedDate", "datetime", "LastModifiedById", "reference", "SystemModstamp", "datetime");

    /**
     * @param type        the schema's own type name
     * @param relatedObject for a Salesforce lookup the object its relationship name reaches; for an Ordway array or
     *                      object field the resource of its items, if the schema names one
     */
    public record Field(String name, String type, Kind kind, boolean required, boolean readOnly,
                        List<String> values, String relationshipName, String relatedObject) {
    }

    public record ObjectSchema(String system, String name, Map<String, Field> fields,
                               Map<String, Field> relationships, Map<String, String> children) {

        Optional<Field> field(String fieldName) {
            return Optional.ofNullable(fields.get(fieldName));
        }
    }

    private final Map<String, Map<String, ObjectSchema>> bySystem;

    private ObjectSchemas(Map<String, Map<String, ObjectSchema>> bySystem) {
        this.bySystem = bySystem;
    }

    public static ObjectSchemas fromClasspath() {
        Map<String, Map<String, ObjectSchema>> all = new LinkedHashMap<>();
        all.put(SALESFORCE, read(SALESFORCE, "schema/salesforce-objects.yaml"));
        all.put(ORDWAY, read(ORDWAY, "schema/ordway-resources.yaml"));
        return new ObjectSchemas(all);
    }

    public Optional<ObjectSchema> find(String system, String object) {
        return Optional.ofNullable(bySystem.getOrDefault(system, Map.of()).get(object));
    }

    public boolean knowsSystem(String system) {
        return bySystem.containsKey(system);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ObjectSchema> read(String system, String resource) {
        Map<String, Object> root;
        try (InputStream in = ObjectSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema " + resource + " is not on the classpath");
            }
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ObjectSchema> objects = new LinkedHashMap<>();
        Map<String, Object> declared = (Map<String, Object>) root.get("objects");
        declared.forEach((name, body) -> objects.put(name, object(system, name, (Map<String, Object>) body)));
        return Collections.unmodifiableMap(objects);
    }

    @SuppressWarnings("unchecked")
    private static ObjectSchema object(String system, String name, Map<String, Object> body) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Map<String, Field> relationships = new LinkedHashMap<>();
        Map<String, String> children = new LinkedHashMap<>();
        if (SALESFORCE.equals(system)) {
            SALESFORCE_SYSTEM_FIELDS.forEach((f, t) -> fields.put(f,
                    new Field(f, t, Kind.ofSchemaType(system, t), false, true, List.of(), null, null)));
        }
        Map<String, Object> declared = (Map<String, Object>) body.getOrDefault("fields", Map.of());
        declared.forEach((fieldName, raw) -> {
            Map<String, Object> attrs = (Map<String, Object>) raw;
            String type = (String) attrs.get("type");
            boolean calculated = Boolean.TRUE.equals(attrs.get("calculated"));
            boolean readOnly = calculated || Boolean.TRUE.equals(attrs.get("readOnly"))
                    || (Boolean.FALSE.equals(attrs.get("createable")) && Boolean.FALSE.equals(attrs.get("updateable")));
            List<String> values = ((List<Object>) attrs.getOrDefault("values", List.of())).stream()
                    .map(String::valueOf).toList();
            String relationshipName = (String) attrs.get("relationshipName");
            String related = null;
            if (relationshipName != null) {
                List<String> refs = (List<String>) attrs.getOrDefault("referenceTo", List.of());
                related = refs.size() == 1 ? refs.get(0) : null;
            } else if (attrs.get("items") != null) {
                related = (String) attrs.get("items");
            }
            Field field = new Field(fieldName, type, Kind.ofSchemaType(system, type),
                    Boolean.TRUE.equals(attrs.get("required")), readOnly, values, relationshipName, related);
            fields.put(fieldName, field);
            if (relationshipName != null) {
                relationships.put(relationshipName, field);
            }
        });
        Map<String, Object> childRels = (Map<String, Object>) body.getOrDefault("childRelationships", Map.of());
        childRels.forEach((rel, raw) -> children.put(rel, (String) ((Map<String, Object>) raw).get("object")));
        return new ObjectSchema(system, name, Collections.unmodifiableMap(fields),
                Collections.unmodifiableMap(relationships), Collections.unmodifiableMap(children));
    }
}
