package io.revloop.salesforce;

import io.revloop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiBudgetTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final ApiBudget budget = new ApiBudget(
            new ApiBudgetProperties(0.8, 0, Duration.ofHours(1), List.of("ordway-to-salesforce-invoice")), clock);

    @Test
    void pastTheShareOnlyBillingCriticalRuns() {
        budget.onLimitInfo("api-usage=7999/10000");
        assertThat(budget.maxClaimablePriority(clock.instant())).isEqualTo(Integer.MAX_VALUE);
        budget.onLimitInfo("api-usage=8000/10000; api-bursts=1/10");
        assertThat(budget.getState()).isEqualTo(ApiBudget.State.DEFERRING);
        assertThat(budget.maxClaimablePriority(clock.instant())).isZero();
        assertThat(budget.pausedFlows(clock.instant())).isEmpty();
    }

    @Test
    void atTheLimitSalesforceWritesPauseUntilRoomOrTimeout() {
        budget.onLimitInfo("api-usage=10000/10000");
        assertThat(budget.pausedFlows(clock.instant())).containsExactly("ordway-to-salesforce-invoice");
        clock.advance(Duration.ofMinutes(61));
        assertThat(budget.pausedFlows(clock.instant())).isEmpty();

        budget.allocationExhausted(clock.instant());
        assertThat(budget.getState()).isEqualTo(ApiBudget.State.PAUSED);
        budget.onLimitInfo("api-usage=100/10000");
        assertThat(budget.getState()).isEqualTo(ApiBudget.State.NORMAL);
    }
}
