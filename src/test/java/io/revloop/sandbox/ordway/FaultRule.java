package io.revloop.sandbox.ordway;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A fault to inject into API calls whose method and path (relative to {@code /api/v1}, regular expression matched
 * in full) match. Build with {@link #on(String, String)} and one kind, e.g.
 * {@code FaultRule.on("GET", "/customers.*").connectionReset().times(2)}.
 *
 * @param times how many matching calls get the fault; 0 means every matching call
 * @param probability chance per matching call, drawn from the sandbox's seeded random
 */
public record FaultRule(String method, String pathRegex, Kind kind, int status, Duration delay, Duration retryAfter,
        int times, double probability) {

    public enum Kind {
        /** TCP reset: the client sees an IOException. */
        CONNECTION_RESET,
        /** The connection closes without a byte of response. */
        EMPTY_RESPONSE,
        /** 200 with a JSON content type and a truncated JSON body. */
        MALFORMED_BODY,
        /** A broken chunked transfer encoding, then close. */
        MALFORMED_CHUNK,
        /** Garbage bytes instead of HTTP, then close. */
        RANDOM_DATA_THEN_CLOSE,
        /** The real answer, after a fixed delay. */
        DELAY,
        /** An error status with a gateway-style JSON body. */
        STATUS,
        /** 429 {"message":"Too Many Requests"}, with Retry-After when {@code retryAfter} is set. */
        TOO_MANY_REQUESTS
    }

    public static FaultRule on(String method, String pathRegex) {
        return new FaultRule(method, pathRegex, Kind.STATUS, 500, Duration.ZERO, null, 0, 1.0);
    }

    public static FaultRule onAny(String pathRegex) {
        return on(null, pathRegex);
    }

    public FaultRule connectionReset() {
        return kind(Kind.CONNECTION_RESET);
    }

    public FaultRule emptyResponse() {
        return kind(Kind.EMPTY_RESPONSE);
    }

    public FaultRule malformedBody() {
        return kind(Kind.MALFORMED_BODY);
    }

    public FaultRule malformedChunk() {
        return kind(Kind.MALFORMED_CHUNK);
    }

    public FaultRule randomDataThenClose() {
        return kind(Kind.RANDOM_DATA_THEN_CLOSE);
    }

    public FaultRule delay(Duration delay) {
        return new FaultRule(method, pathRegex, Kind.DELAY, status, delay, retryAfter, times, probability);
    }

    public FaultRule status(int status) {
        return new FaultRule(method, pathRegex, Kind.STATUS, status, delay, retryAfter, times, probability);
    }

    public FaultRule tooManyRequests() {
        return new FaultRule(method, pathRegex, Kind.TOO_MANY_REQUESTS, 429, delay, null, times, probability);
    }

    public FaultRule tooManyRequests(Duration retryAfter) {
        return new FaultRule(method, pathRegex, Kind.TOO_MANY_REQUESTS, 429, delay, retryAfter, times, probability);
    }

    public FaultRule times(int times) {
        return new FaultRule(method, pathRegex, kind, status, delay, retryAfter, times, probability);
    }

    public FaultRule withProbability(double probability) {
        return new FaultRule(method, pathRegex, kind, status, delay, retryAfter, times, probability);
    }

    boolean matches(String requestMethod, String path) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && Pattern.compile(pathRegex).matcher(path).matches();
    }

    private FaultRule kind(Kind kind) {
        return new FaultRule(method, pathRegex, kind, status, delay, retryAfter, times, probability);
    }
}
