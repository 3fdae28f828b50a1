package io.revloop.deadletter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param replayDefaultMax  how many dead letters one bulk replay takes when the request names no {@code max}
 * @param replayMaxCeiling  the largest {@code max} a bulk replay may ask for
 * @param listMaxLimit      the largest page the list endpoints return
 */
@ConfigurationProperties("revloop.dead-letters")
public record DeadLetterProperties(
        @DefaultValue("100") int replayDefaultMax,
        @DefaultValue("1000") int replayMaxCeiling,
        @DefaultValue("500") int listMaxLimit) {
}
