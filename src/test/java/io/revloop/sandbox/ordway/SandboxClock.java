package io.revloop.sandbox.ordway;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The sandbox's notion of time. It keeps running at wall-clock speed from the last point it was set to, so
 * successive writes still get increasing {@code updated_date}s, and tests jump it forward to make invoices fall
 * due and terms end.
 */
public final class SandboxClock {

    private Instant anchor;
    private long anchorNanos;
    private final List<Consumer<LocalDate>> listeners = new CopyOnWriteArrayList<>();

    SandboxClock(Instant start) {
        set(start);
    }

    public synchronized Instant now() {
        return anchor.plusNanos(System.nanoTime() - anchorNanos).truncatedTo(ChronoUnit.MILLIS);
    }

    public LocalDate today() {
        return LocalDate.ofInstant(now(), ZoneOffset.UTC);
    }

    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("The sandbox clock only moves forward");
        }
        set(now().plus(duration));
    }

    public void advance(Period period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException("The sandbox clock only moves forward");
        }
        set(now().atZone(ZoneOffset.UTC).plus(period).toInstant());
    }

    /** Moves to the start of that day, UTC. */
    public void set(LocalDate date) {
        set(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    public void set(Instant instant) {
        synchronized (this) {
            anchor = instant.truncatedTo(ChronoUnit.MILLIS);
            anchorNanos = System.nanoTime();
        }
        LocalDate today = today();
        listeners.forEach(listener -> listener.accept(today));
    }

    void onChange(Consumer<LocalDate> listener) {
        listeners.add(listener);
    }
}
