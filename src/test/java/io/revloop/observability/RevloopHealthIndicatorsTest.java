package io.revloop.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class RevloopHealthIndicatorsTest {

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final HealthProperties PROPERTIES = new HealthProperties(
            1, Duration.ofHours(6), Duration.ofHours(60), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(5));

    private final RevloopHealthIndicators indicators = new RevloopHealthIndicators();
    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();

    @Test
    void reportsUnknownWhileTheIntakeHasNotProvidedItsInputs() {
        assertThat(indicators.salesforceStreamingHealthIndicator(provider(StreamingStatus.class)).health().getStatus())
                .isEqualTo(Status.UNKNOWN);
        assertThat(indicators.checkpointsHealthIndicator(provider(CheckpointStatus.class), PROPERTIES, clock())
                .health().getStatus()).isEqualTo(Status.UNKNOWN);
        Health intake = indicators.intakeHealthIndicator(provider(IntakeStatus.class), PROPERTIES, clock()).health();
        assertThat(intake.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(intake.getDetails().get("detail").toString()).contains("IntakeStatus");
    }

    @Test
    void streamingIsDownWhileDisconnected() {
        beans.registerSingleton("streaming", streaming(false, null, "403::Unknown client"));

        Health health = indicators.salesforceStreamingHealthIndicator(provider(StreamingStatus.class)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("lastError", "403::Unknown client");
    }

    @Test
    void streamingIsUpWhileConnected() {
        beans.registerSingleton("streaming", streaming(true, NOW.minusSeconds(3), null));

        Health health = indicators.salesforceStreamingHealthIndicator(provider(StreamingStatus.class)).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("lastEventAt", NOW.minusSeconds(3));
    }

    @Test
    void checkpointAgeDegradesThenGoesDownBeforeTheReplayWindowCloses() {
        assertThat(checkpointHealth(Duration.ofMinutes(10)).getStatus()).isEqualTo(Status.UP);
        assertThat(checkpointHealth(Duration.ofHours(7)).getStatus()).isEqualTo(HealthStatuses.DEGRADED);
        Health down = checkpointHealth(Duration.ofHours(61));
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("oldestAgeSeconds", Duration.ofHours(61).toSeconds());
    }

    @Test
    void intakeLagDegradesPastTheThreshold() {
        assertThat(intakeHealth(3, NOW.minus(Duration.ofMinutes(1))).getStatus()).isEqualTo(Status.UP);
        Health behind = intakeHealth(250, NOW.minus(Duration.ofMinutes(10)));
        assertThat(behind.getStatus()).isEqualTo(HealthStatuses.DEGRADED);
        assertThat(behind.getDetails()).containsEntry("pending", 250L).containsEntry("lagSeconds", 600L);
        assertThat(intakeHealth(0, null).getDetails()).containsEntry("lagSeconds", 0L);
    }

    @Test
    void ordwayHealthFollowsReachability() {
        assertThat(ordwayHealth(new OrdwayReachability.Result(false, false, null, "not configured", NOW, Duration.ZERO))
                .getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(ordwayHealth(new OrdwayReachability.Result(true, true, 200, "OK", NOW, Duration.ofMillis(80)))
                .getStatus()).isEqualTo(Status.UP);
        Health down = ordwayHealth(new OrdwayReachability.Result(true, false, 401, "Rejected", NOW, Duration.ofMillis(80)));
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("httpStatus", 401);
    }

    private Health checkpointHealth(Duration oldestAge) {
        DefaultListableBeanFactory own = new DefaultListableBeanFactory();
        CheckpointStatus status = () -> Map.of("cdc:/data/OpportunityChangeEvent", NOW.minusSeconds(30),
                "ordway:invoices", NOW.minus(oldestAge));
        own.registerSingleton("checkpoints", status);
        return indicators.checkpointsHealthIndicator(own.getBeanProvider(CheckpointStatus.class), PROPERTIES, clock())
                .health();
    }

    private Health intakeHealth(long pending, Instant oldest) {
        DefaultListableBeanFactory own = new DefaultListableBeanFactory();
        own.registerSingleton("intake", new IntakeStatus() {
            @Override
            public long pendingEvents() {
                return pending;
            }

            @Override
            public Optional<Instant> oldestPendingReceivedAt() {
                return Optional.ofNullable(oldest);
            }
        });
        return indicators.intakeHealthIndicator(own.getBeanProvider(IntakeStatus.class), PROPERTIES, clock()).health();
    }

    private Health ordwayHealth(OrdwayReachability.Result result) {
        DefaultListableBeanFactory own = new DefaultListableBeanFactory();
        OrdwayReachability reachability = () -> result;
        own.registerSingleton("ordway", reachability);
        return indicators.ordwayHealthIndicator(own.getBeanProvider(OrdwayReachability.class)).health();
    }

    private static StreamingStatus streaming(boolean connected, Instant lastEvent, String error) {
        return new StreamingStatus() {
            @Override
            public boolean connected() {
                return connected;
            }

            @Override
            public Optional<Instant> lastEventAt() {
                return Optional.ofNullable(lastEvent);
            }

            @Override
            public Optional<String> lastError() {
                return Optional.ofNullable(error);
            }
        };
    }

    private <T> ObjectProvider<T> provider(Class<T> type) {
        return beans.getBeanProvider(type);
    }

    private ObjectProvider<Clock> clock() {
        DefaultListableBeanFactory own = new DefaultListableBeanFactory();
        own.registerSingleton("clock", Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        return own.getBeanProvider(Clock.class);
    }
}
