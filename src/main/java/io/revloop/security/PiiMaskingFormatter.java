package io.revloop.security;

import org.apache.camel.spi.MaskingFormatter;
import org.apache.camel.support.processor.DefaultMaskingFormatter;
import org.springframework.stereotype.Component;

/**
 * Camel looks this bean up by the name {@value MaskingFormatter#CUSTOM_LOG_MASK_REF} when log masking is on
 * ({@code camel.main.log-mask=true}): Log EIP, {@code log:} endpoints and the tracer then mask personal data as well
 * as Camel's default password/secret keys.
 */
@Component(MaskingFormatter.CUSTOM_LOG_MASK_REF)
public class PiiMaskingFormatter implements MaskingFormatter {

    private final DefaultMaskingFormatter secrets = new DefaultMaskingFormatter();

    @Override
    public String format(String source) {
        return LogMasker.mask(secrets.format(source));
    }
}
