package io.revloop.salesforce;

import io.revloop.inbox.DispatchGate;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The org's daily API allocation as last reported by Salesforce ({@code Sforce-Limit-Info: api-usage=N/M}).
 * Past the defer share only billing-critical events run; at the limit Salesforce-writing flows pause.
 */
@Component
public class ApiBudget implements DispatchGate {

    /** What the budget currently allows. */
    public enum State { NORMAL, DEFERRING, PAUSED }

    private static final Logger LOG = LoggerFactory.getLogger(ApiBudget.class);
    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    private final ApiBudgetProperties properties;
    private final Clock clock;
    private volatile long used = -1;
    private volatile long max = -1;
    private volatile Instant reportedAt;
    private volatile Instant pausedUntil;
    private volatile State lastLogged = State.NORMAL;

    public ApiBudget(ApiBudgetProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
    }

    /** Feeds one {@code Sforce-Limit-Info} header value. */
    public void onLimitInfo(String header) {
        if (header == null) {
            return;
        }
        Matcher m = API_USAGE.matcher(header);
        if (m.find()) {
            update(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
        }
    }

    public synchronized void update(long usedNow, long maxNow) {
        Instant now = clock.instant();
        used = usedNow;
        max = maxNow;
        reportedAt = now;
        if (maxNow > 0 && usedNow >= maxNow) {
            if (pausedUntil == null || pausedUntil.isBefore(now)) {
                pausedUntil = now.plus(properties.pauseFor());
            }
        } else if (pausedUntil != null) {
            pausedUntil = null;
        }
        logTransition(now);
    }

    @Override
    public synchronized void allocationExhausted(Instant now) {
        pausedUntil = now.plus(properties.pauseFor());
        logTransition(now);
    }

    public State state(Instant now) {
        if (pausedUntil != null && now.isBefore(pausedUntil)) {
            return State.PAUSED;
        }
        if (max > 0 && used >= properties.deferShare() * max) {
            return State.DEFERRING;
        }
        return State.NORMAL;
    }

    @Override
    public int maxClaimablePriority(Instant now) {
        State s = state(now);
        logTransition(now);
        return s == State.NORMAL ? Integer.MAX_VALUE : properties.criticalPriority();
    }

    @Override
    public Set<String> pausedFlows(Instant now) {
        return state(now) == State.PAUSED ? Set.copyOf(properties.writeFlows()) : Set.of();
    }

    private void logTransition(Instant now) {
        State s = state(now);
        if (s != lastLogged) {
            lastLogged = s;
            switch (s) {
                case PAUSED -> LOG.error("Salesforce API allocation exhausted ({}/{}): Salesforce writes paused "
                        + "until {}", used, max, pausedUntil);
                case DEFERRING -> LOG.warn("Salesforce API usage {}/{} past {}: only billing-critical events run",
                        used, max, properties.deferShare());
                case NORMAL -> LOG.info("Salesforce API usage {}/{}: all work resumed", used, max);
            }
        }
    }

    public State getState() {
        return state(clock.instant());
    }

    public long getUsed() {
        return used;
    }

    public long getMax() {
        return max;
    }

    public Instant getReportedAt() {
        return reportedAt;
    }

    public Instant getPausedUntil() {
        return pausedUntil;
    }
}
