package io.revloop.security;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback {@code %mask(...)} conversion word: runs the enclosed pattern (message, exception) through
 * {@link LogMasker}. Registered in {@code logback-spring.xml}.
 */
public class MaskingLogConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        return LogMasker.mask(in);
    }
}
