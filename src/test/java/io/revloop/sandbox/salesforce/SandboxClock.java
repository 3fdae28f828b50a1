package io.revloop.sandbox.salesforce;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** The org's time: follows the system clock with a settable offset, or stands still once frozen. */
public final class SandboxClock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozen;

    public Instant now() {
        Instant fixed = frozen;
        return fixed != null ? fixed : Instant.now().plus(offset);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }

    /** Jumps to {@code instant} and keeps running from there. */
    public void set(Instant instant) {
        frozen = null;
        offset = Duration.between(Instant.now(), instant);
    }

    /** Stops time at {@code instant} until {@link #advance} or {@link #reset}. */
    public void freeze(Instant instant) {
        frozen = instant;
    }

    public void advance(Duration duration) {
        Instant fixed = frozen;
        if (fixed != null) {
            frozen = fixed.plus(duration);
        } else {
            offset = offset.plus(duration);
        }
    }

    public void reset() {
        frozen = null;
        offset = Duration.ZERO;
    }
}
