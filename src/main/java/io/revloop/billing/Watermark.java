package io.revloop.billing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Watermark rules of the Ordway pollers; pure, so they are unit-tested without a database or Camel. */
final class Watermark {

    /** One record read by a poll, in the order of the poll ({@code sort=updated_date,id}). */
    record Outcome(Instant updatedDate, boolean stored) {
    }

    private Watermark() {
    }

    /** The {@code updated_date>=} bound of the next poll: the overlap covers clock skew and equal timestamps. */
    static Instant queryFrom(Instant watermark, Duration overlap) {
        Instant from = watermark.minus(overlap);
        return from.isBefore(Instant.EPOCH) ? Instant.EPOCH : from;
    }

    /**
     * The new watermark: the highest {@code updated_date} of records stored before the first one that failed to store,
     * never past that failed record, never backwards.
     */
    static Instant advance(Instant current, List<Outcome> outcomes) {
        Instant next = current;
        for (Outcome o : outcomes) {
            if (!o.stored()) {
                return next.isAfter(o.updatedDate()) ? current : next;
            }
            if (o.updatedDate().isAfter(next)) {
                next = o.updatedDate();
            }
        }
        return next;
    }
}
