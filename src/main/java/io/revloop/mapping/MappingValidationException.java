package io.revloop.mapping;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when mapping files fail validation; lists every error, not just the first. */
public class MappingValidationException extends RuntimeException {

    private final transient List<MappingError> errors;

    public MappingValidationException(List<MappingError> errors) {
        super(errors.size() + " mapping error" + (errors.size() == 1 ? "" : "s") + ":\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<MappingError> errors() {
        return errors;
    }
}
