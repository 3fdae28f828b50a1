package io.revloop.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.revloop.inbox.InboxProperties;
import io.revloop.inbox.InboxWorker;
import io.revloop.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class StuckWorkerHealthIndicatorTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final InboxWorker worker = mock(InboxWorker.class);
    private final StuckWorkerHealthIndicator indicator = new StuckWorkerHealthIndicator(worker, clock,
            new InboxProperties(new InboxProperties.Worker(true, 2, Duration.ofMillis(500), 20, Duration.ofMinutes(5),
                    "", Duration.ofMinutes(10)), new InboxProperties.Retry(Duration.ofSeconds(5),
                    Duration.ofMinutes(15), Duration.ofHours(24), 0)));

    @Test
    void upWhileEveryWorkerFinishesItsEventWithinTheBound() {
        when(worker.inFlight()).thenReturn(List.of(new InboxWorker.InFlight(7, "salesforce-to-ordway-closed-won",
                START, Thread.currentThread())));
        clock.advance(Duration.ofMinutes(9));

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("inFlight", 1);
    }

    @Test
    void downNamingTheEventWhenAWorkerHasBeenInsideItTooLong() {
        when(worker.inFlight()).thenReturn(List.of(
                new InboxWorker.InFlight(7, "salesforce-to-ordway-closed-won", START, Thread.currentThread()),
                new InboxWorker.InFlight(8, "ordway-to-salesforce-invoices", START.plusSeconds(600),
                        Thread.currentThread())));
        clock.advance(Duration.ofMinutes(11));

        Health health = indicator.health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("stuck")).asList()
                .containsExactly("event 7 (salesforce-to-ordway-closed-won) since 2026-03-01T10:00:00Z");
    }
}
