package io.revloop.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private final InboxProperties.Retry retry =
            new InboxProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofHours(24), 0);

    @Test
    void ceilingDoublesPerAttemptUpToTheCap() {
        BackoffPolicy top = new BackoffPolicy(retry, () -> 0.999999);
        assertThat(Duration.between(NOW, top.nextAttempt(NOW, 1, null))).isBetween(Duration.ofMillis(4990),
                Duration.ofSeconds(5));
        assertThat(Duration.between(NOW, top.nextAttempt(NOW, 4, null))).isBetween(Duration.ofMillis(39990),
                Duration.ofSeconds(40));
        assertThat(Duration.between(NOW, top.nextAttempt(NOW, 30, null))).isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void fullJitterKeepsAFloorOfHalfTheBase() {
        BackoffPolicy low = new BackoffPolicy(retry, () -> 0.0);
        assertThat(Duration.between(NOW, low.nextAttempt(NOW, 10, null))).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void retryAfterWinsWhenLater() {
        BackoffPolicy low = new BackoffPolicy(retry, () -> 0.0);
        assertThat(low.nextAttempt(NOW, 1, Duration.ofMinutes(2))).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
    }

    @Test
    void exhaustedByAgeOrCount() {
        BackoffPolicy p = new BackoffPolicy(retry, () -> 0.5);
        assertThat(p.exhausted(NOW, NOW.minus(Duration.ofHours(23)), 500)).isFalse();
        assertThat(p.exhausted(NOW, NOW.minus(Duration.ofHours(25)), 3)).isTrue();
        BackoffPolicy counted = new BackoffPolicy(
                new InboxProperties.Retry(Duration.ofSeconds(5), Duration.ofMinutes(15), Duration.ofHours(24), 5),
                () -> 0.5);
        assertThat(counted.exhausted(NOW, NOW, 5)).isTrue();
    }
}
