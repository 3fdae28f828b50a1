package io.revloop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run, part of {@code mvn verify} (failsafe): 500 business events with faults on both sandboxes and
 * one {@code kill -9} of revloop, then the reconciliation of both systems. Needs PostgreSQL, like the other tests.
 * The seed is 1 unless {@code -Drevloop.chaos.seed=N} says otherwise; the summary is in target/chaos/chaos.txt.
 */
class ChaosIT {

    @Test
    void fiveHundredEventsUnderFaultsAndAKillEndWithNothingLostOrDuplicated() throws Exception {
        Chaos.Outcome outcome = Chaos.run(new Chaos.Settings(500, 1, Long.getLong("revloop.chaos.seed", 1L), 25, 0.05,
                Duration.ofMinutes(6), freePort()));

        Chaos.Reconciliation result = outcome.reconciliation();
        assertThat(result.lost()).as(outcome.report()).isZero();
        assertThat(result.duplicated()).as(outcome.report()).isZero();
        assertThat(result.stale()).as(outcome.report()).isZero();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
