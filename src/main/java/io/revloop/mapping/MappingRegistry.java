package io.revloop.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All mapping files of one directory ({@code mappings/*.yaml}; tables under {@code mappings/lookups/}), validated as
 * a set. Registered as the bean {@code mappings}, so a route can call
 * {@code bean: {ref: mappings, method: "map('opportunity-to-ordway-subscription', ${body})"}}.
 */
public class MappingRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(MappingRegistry.class);

    private final ObjectSchemas schemas;
    private final Path directory;
    private final String displayDirectory;
    private volatile Map<String, Mapping> mappings = Map.of();
    private volatile List<String> warnings = List.of();

    /**
     * Loads and validates every mapping file at once.
     *
     * @throws MappingValidationException listing every error, each with file, line and field
     */
    public MappingRegistry(ObjectSchemas schemas, Path directory) {
        this.schemas = schemas;
        this.directory = directory;
        this.displayDirectory = directory.toString().replace('\\', '/');
        reload();
    }

    /**
     * Reads the directory again. The new set replaces the current one only when every file is valid; otherwise the
     * current set stays in use and the errors are thrown.
     */
    public synchronized void reload() {
        List<MappingError> errors = new ArrayList<>();
        List<String> newWarnings = new ArrayList<>();
        Map<String, Mapping> loaded = new TreeMap<>();
        MappingLoader loader = new MappingLoader(schemas, directory, displayDirectory);
        for (Path file : files(errors)) {
            Mapping mapping = loader.load(file, errors, newWarnings);
            if (mapping != null) {
                loaded.put(mapping.name(), mapping);
            }
        }
        if (!errors.isEmpty()) {
            throw new MappingValidationException(errors);
        }
        newWarnings.forEach(w -> LOG.warn("Mapping warning: {}", w));
        this.mappings = Collections.unmodifiableMap(loaded);
        this.warnings = List.copyOf(newWarnings);
        LOG.info("Loaded {} mapping(s) from {}: {}", loaded.size(), displayDirectory, loaded.keySet());
    }

    private List<Path> files(List<MappingError> errors) {
        if (!Files.isDirectory(directory)) {
            errors.add(new MappingError(displayDirectory, 0, null, "mapping directory does not exist"));
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            errors.add(new MappingError(displayDirectory, 0, null, "cannot list: " + e.getMessage()));
            return List.of();
        }
    }

    /** @throws IllegalArgumentException when no mapping file has that name */
    public Mapping get(String name) {
        Mapping mapping = mappings.get(name);
        if (mapping == null) {
            throw new IllegalArgumentException("no mapping '" + name + "' in " + displayDirectory + " (known: "
                    + String.join(", ", mappings.keySet()) + ")");
        }
        return mapping;
    }

    public Collection<Mapping> all() {
        return mappings.values();
    }

    /** Non-fatal findings of the last successful load, e.g. picklist values an enum does not cover. */
    public List<String> warnings() {
        return warnings;
    }

    /** Maps a record with the named mapping; the full result, with ownership and warnings. */
    public MappingResult apply(String name, Object source) {
        return get(name).apply(source);
    }

    /** Maps a record with the named mapping and returns just the target document, JSON-ready: for routes. */
    public Map<String, Object> map(String name, Object source) {
        return get(name).apply(source).document();
    }
}
