package io.revloop.sandbox.ordway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Injected faults, checked in the order they were added. */
public final class Faults {

    /** What to do with one call: wait this long, then answer normally or with {@code fault}. */
    record Decision(Duration delay, FaultRule fault) {
    }

    private static final class Active {
        final FaultRule rule;
        int remaining;

        Active(FaultRule rule) {
            this.rule = rule;
            this.remaining = rule.times();
        }
    }

    private final List<Active> active = new ArrayList<>();
    private Random random = new Random(0);

    public synchronized Faults inject(FaultRule rule) {
        active.add(new Active(rule));
        return this;
    }

    /** Makes probabilistic faults repeatable. */
    public synchronized Faults seed(long seed) {
        random = new Random(seed);
        return this;
    }

    public synchronized void clear() {
        active.clear();
    }

    public synchronized List<FaultRule> rules() {
        return active.stream().map(a -> a.rule).toList();
    }

    synchronized Decision decide(String method, String path) {
        Duration delay = Duration.ZERO;
        FaultRule fault = null;
        for (Active candidate : List.copyOf(active)) {
            FaultRule rule = candidate.rule;
            if (!rule.matches(method, path) || (rule.probability() < 1.0 && random.nextDouble() >= rule.probability())) {
                continue;
            }
            if (rule.kind() == FaultRule.Kind.DELAY) {
                delay = delay.plus(rule.delay());
            } else if (fault == null) {
                fault = rule;
            } else {
                continue;
            }
            if (candidate.remaining > 0 && --candidate.remaining == 0) {
                active.remove(candidate);
            }
        }
        return new Decision(delay, fault);
    }
}
