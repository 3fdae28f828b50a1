package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The armed fault rules; the first matching rule decides a call's fate. */
public final class Faults {

    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    public FaultRule add(FaultRule rule) {
        rules.add(rule);
        return rule;
    }

    /** The next REST call (any path) fails with {@code fault}. */
    public FaultRule next(Fault fault) {
        return add(FaultRule.of(fault));
    }

    public FaultRule next(int calls, Fault fault) {
        return add(FaultRule.of(fault).times(calls));
    }

    public void clear() {
        rules.clear();
    }

    public boolean pending() {
        return rules.stream().anyMatch(r -> !r.exhausted());
    }

    Optional<FaultRule> take(String method, String resourcePath) {
        rules.removeIf(FaultRule::exhausted);
        return rules.stream().filter(r -> r.take(method, resourcePath)).findFirst();
    }
}
