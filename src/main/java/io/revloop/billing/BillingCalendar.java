package io.revloop.billing;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * "Today" for overdue decisions. Production takes it from the system clock in the configured zone; tests point it
 * at the Ordway sandbox's clock, since overdue is a matter of Ordway's calendar, not the test machine's.
 */
@Component
public class BillingCalendar {

    private volatile Supplier<LocalDate> today;

    BillingCalendar(Clock clock, BillingProperties properties) {
        ZoneId zone = ZoneId.of(properties.collections().zone());
        this.today = () -> LocalDate.now(clock.withZone(zone));
    }

    public LocalDate today() {
        return today.get();
    }

    public void use(Supplier<LocalDate> source) {
        this.today = source;
    }
}
