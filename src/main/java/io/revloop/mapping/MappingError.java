package io.revloop.mapping;

/**
 * One problem found while loading a mapping file.
 *
 * @param file  path as the operator knows it, e.g. {@code mappings/account-to-ordway-customer.yaml}
 * @param line  1-based line in that file
 * @param field target field path, e.g. {@code plans[].list_price}; null for file-level problems
 */
public record MappingError(String file, int line, String field, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (field == null ? "" : "field " + field + ": ") + message;
    }
}
