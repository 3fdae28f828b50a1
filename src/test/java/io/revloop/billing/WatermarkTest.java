package io.revloop.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static Watermark.Outcome stored(int s) {
        return new Watermark.Outcome(T0.plusSeconds(s), true);
    }

    static Watermark.Outcome failed(int s) {
        return new Watermark.Outcome(T0.plusSeconds(s), false);
    }

    @Test
    void nextPollStartsAnOverlapBeforeTheWatermark() {
        assertThat(Watermark.queryFrom(T0, Duration.ofMinutes(2))).isEqualTo(T0.minusSeconds(120));
        assertThat(Watermark.queryFrom(Instant.EPOCH, Duration.ofMinutes(2))).isEqualTo(Instant.EPOCH);
    }

    @Test
    void advancesToTheNewestStoredRecord() {
        assertThat(Watermark.advance(T0, List.of(stored(1), stored(5), stored(5)))).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void nothingReadKeepsTheWatermark() {
        assertThat(Watermark.advance(T0, List.of())).isEqualTo(T0);
    }

    @Test
    void neverPassesARecordThatFailedToStore() {
        assertThat(Watermark.advance(T0, List.of(stored(1), stored(3), failed(4), stored(9))))
                .isEqualTo(T0.plusSeconds(3));
        // A failure sharing its timestamp with stored records: the >= bound re-reads all of them.
        assertThat(Watermark.advance(T0, List.of(stored(4), failed(4)))).isEqualTo(T0.plusSeconds(4));
        assertThat(Watermark.advance(T0, List.of(failed(1), stored(2)))).isEqualTo(T0);
    }

    @Test
    void neverMovesBackwards() {
        // Records from the overlap window are older than the watermark.
        assertThat(Watermark.advance(T0, List.of(stored(-60), stored(-1)))).isEqualTo(T0);
        assertThat(Watermark.advance(T0, List.of(stored(-60), failed(-30)))).isEqualTo(T0);
    }
}
