package io.revloop.sandbox.salesforce;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One armed fault: which calls it hits (HTTP method and a regex over the path after {@code /services/data/vXX.X/}),
 * how many times (negative = until cleared), and for {@link Fault#SLOW} how long each call stalls.
 */
public final class FaultRule {

    private final Fault fault;
    private String method;
    private Pattern path;
    private int remaining = 1;
    private Duration delay = Duration.ofSeconds(2);

    private FaultRule(Fault fault) {
        this.fault = fault;
    }

    public static FaultRule of(Fault fault) {
        return new FaultRule(fault);
    }

    public FaultRule times(int times) {
        this.remaining = times;
        return this;
    }

    public FaultRule always() {
        this.remaining = -1;
        return this;
    }

    public FaultRule method(String method) {
        this.method = method;
        return this;
    }

    /** e.g. {@code sobjects/Account.*}, {@code query.*}, {@code composite.*}. */
    public FaultRule path(String regex) {
        this.path = Pattern.compile(regex);
        return this;
    }

    public FaultRule delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    public Fault fault() {
        return fault;
    }

    Duration delay() {
        return delay;
    }

    synchronized boolean exhausted() {
        return remaining == 0;
    }

    /** Consumes one use when the call matches. */
    synchronized boolean take(String httpMethod, String resourcePath) {
        if (remaining == 0 || method != null && !method.equalsIgnoreCase(httpMethod)
                || path != null && !path.matcher(resourcePath).matches()) {
            return false;
        }
        if (remaining > 0) {
            remaining--;
        }
        return true;
    }
}
