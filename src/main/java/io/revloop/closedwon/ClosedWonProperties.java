package io.revloop.closedwon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Closed-Won flow's choices.
 *
 * @param activate           activate the new subscription (Draft otherwise, for billing to review)
 * @param customerMatchField Ordway customer field matched against the Account name when no customer carries the
 *                           Account's id yet (e.g. {@code name}); empty = never adopt an existing customer
 */
@ConfigurationProperties(prefix = "revloop.closed-won")
public record ClosedWonProperties(
        @DefaultValue("true") boolean activate,
        @DefaultValue("name") String customerMatchField) {
}
