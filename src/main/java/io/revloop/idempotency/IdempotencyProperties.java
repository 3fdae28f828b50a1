package io.revloop.idempotency;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param processors one repository per name, bound in the Camel registry as {@code <name>-idempotency}
 */
@ConfigurationProperties(prefix = "revloop.idempotency")
public record IdempotencyProperties(List<String> processors) {

    public IdempotencyProperties {
        processors = processors == null ? List.of() : List.copyOf(processors);
    }
}
