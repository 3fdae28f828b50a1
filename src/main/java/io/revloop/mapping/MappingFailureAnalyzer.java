package io.revloop.mapping;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a broken mapping folder into a start-up report that lists each error instead of a stack trace. */
public class MappingFailureAnalyzer extends AbstractFailureAnalyzer<MappingValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MappingValidationException cause) {
        return new FailureAnalysis("revloop refuses to start with broken mapping files. " + cause.getMessage(),
                "Fix the mapping files named above (file:line, field), then start again.", cause);
    }
}
