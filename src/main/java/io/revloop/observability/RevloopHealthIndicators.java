package io.revloop.observability;

import io.revloop.deadletter.DeadLetterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components {@code deadLetters}, {@code salesforceStreaming}, {@code ordway}, {@code checkpoints} and
 * {@code intake}. Inputs owned by the intake are looked up lazily, so the service starts (and reports UNKNOWN)
 * while no implementation is present.
 */
@Configuration(proxyBeanMethods = false)
public class RevloopHealthIndicators {

    @Bean
    HealthIndicator deadLettersHealthIndicator(DeadLetterStore store, HealthProperties properties) {
        return () -> {
            long open = store.countOpen();
            Health.Builder health = open >= properties.deadLettersDegradedAt()
                    ? Health.status(HealthStatuses.DEGRADED) : Health.up();
            return health.withDetail("open", open).withDetail("degradedAt", properties.deadLettersDegradedAt()).build();
        };
    }

    @Bean
    HealthIndicator salesforceStreamingHealthIndicator(ObjectProvider<StreamingStatus> status) {
        return () -> {
            StreamingStatus streaming = status.getIfAvailable();
            if (streaming == null) {
                return notWired(StreamingStatus.class);
            }
            Health.Builder health = streaming.connected() ? Health.up() : Health.down();
            streaming.lastEventAt().ifPresent(at -> health.withDetail("lastEventAt", at));
            streaming.lastError().ifPresent(error -> health.withDetail("lastError", error));
            return health.build();
        };
    }

    @Bean
    HealthIndicator ordwayHealthIndicator(ObjectProvider<OrdwayReachability> reachability) {
        return () -> {
            OrdwayReachability ordway = reachability.getIfAvailable();
            if (ordway == null) {
                return notWired(OrdwayReachability.class);
            }
            OrdwayReachability.Result r = ordway.check();
            Health.Builder health = !r.configured() ? Health.unknown() : r.reachable() ? Health.up() : Health.down();
            health.withDetail("detail", r.detail()).withDetail("checkedAt", r.checkedAt());
            if (r.httpStatus() != null) {
                health.withDetail("httpStatus", r.httpStatus()).withDetail("latencyMs", r.latency().toMillis());
            }
            return health.build();
        };
    }

    @Bean
    HealthIndicator checkpointsHealthIndicator(ObjectProvider<CheckpointStatus> status, HealthProperties properties,
                                               ObjectProvider<Clock> clock) {
        Clock now = clock.getIfAvailable(Clock::systemUTC);
        return () -> {
            CheckpointStatus checkpoints = status.getIfAvailable();
            if (checkpoints == null) {
                return notWired(CheckpointStatus.class);
            }
            Map<String, Object> ages = new TreeMap<>();
            Duration oldest = Duration.ZERO;
            for (Map.Entry<String, Instant> entry : checkpoints.lastAdvanced().entrySet()) {
                Duration age = Duration.between(entry.getValue(), now.instant());
                ages.put(entry.getKey(), Map.of("lastAdvanced", entry.getValue(), "ageSeconds", age.toSeconds()));
                if (age.compareTo(oldest) > 0) {
                    oldest = age;
                }
            }
            Health.Builder health = oldest.compareTo(properties.checkpointDownAfter()) >= 0 ? Health.down()
                    : oldest.compareTo(properties.checkpointDegradedAfter()) >= 0
                    ? Health.status(HealthStatuses.DEGRADED) : Health.up();
            return health.withDetail("checkpoints", ages).withDetail("oldestAgeSeconds", oldest.toSeconds()).build();
        };
    }

    @Bean
    HealthIndicator intakeHealthIndicator(ObjectProvider<IntakeStatus> status, HealthProperties properties,
                                          ObjectProvider<Clock> clock) {
        Clock now = clock.getIfAvailable(Clock::systemUTC);
        return () -> {
            IntakeStatus intake = status.getIfAvailable();
            if (intake == null) {
                return notWired(IntakeStatus.class);
            }
            Optional<Instant> oldest = intake.oldestPendingReceivedAt();
            Duration lag = oldest.map(at -> Duration.between(at, now.instant())).orElse(Duration.ZERO);
            Health.Builder health = lag.compareTo(properties.intakeDegradedLag()) >= 0
                    ? Health.status(HealthStatuses.DEGRADED) : Health.up();
            health.withDetail("pending", intake.pendingEvents()).withDetail("lagSeconds", lag.toSeconds());
            oldest.ifPresent(at -> health.withDetail("oldestPendingReceivedAt", at));
            return health.build();
        };
    }

    private static Health notWired(Class<?> input) {
        return Health.unknown().withDetail("detail", "No " + input.getSimpleName() + " bean in this instance").build();
    }
}
