package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The org's objects and fields, read from {@code schema/salesforce-objects.yaml}. Names resolve case-insensitively, as in Salesforce. */
public final class SObjectSchema {

    public static final String RESOURCE = "schema/salesforce-objects.yaml";

    private final Map<String, SObjectType> objects = new LinkedHashMap<>();
    private final Map<String, SObjectType> byLowerName = new LinkedHashMap<>();
    private final Map<String, SObjectType> byKeyPrefix = new LinkedHashMap<>();
    private final List<String> currencies;

    private SObjectSchema(Map<String, Object> root) {
        currencies = stringList(root.get("currencies"));
        Map<String, Map<String, Object>> objs = map(root.get("objects"));
        objs.forEach((name, def) -> {
            SObjectType type = SObjectType.from(name, def);
            objects.put(name, type);
            byLowerName.put(name.toLowerCase(Locale.ROOT), type);
            byKeyPrefix.put(type.keyPrefix(), type);
        });
        objects.values().forEach(type -> type.linkChildren(this));
    }

    public static SObjectSchema load() {
        try (InputStream in = SObjectSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Schema not on the classpath: " + RESOURCE);
            }
            return new SObjectSchema(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<SObjectType> find(String name) {
        return Optional.ofNullable(name == null ? null : byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    public SObjectType get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("No object " + name + " in the schema"));
    }

    public Optional<SObjectType> byKeyPrefix(String idOrPrefix) {
        return idOrPrefix == null || idOrPrefix.length() < 3 ? Optional.empty()
                : Optional.ofNullable(byKeyPrefix.get(idOrPrefix.substring(0, 3)));
    }

    public Collection<SObjectType> objects() {
        return objects.values();
    }

    public List<String> currencies() {
        return currencies;
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> map(Object value) {
        return value == null ? Map.of() : (Map<String, V>) value;
    }

    static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return List.copyOf(out);
    }
}
