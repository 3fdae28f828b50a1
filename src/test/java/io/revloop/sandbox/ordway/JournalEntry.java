package io.revloop.sandbox.ordway;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One API call as the sandbox saw it. {@code fault} names the injected {@link FaultRule.Kind}, if any;
 * {@code status} is 0 when the fault cut the connection. Header names are lower-cased.
 */
public record JournalEntry(
        long sequence,
        Instant receivedAt,
        Instant sandboxTime,
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        String body,
        int status,
        String responseBody,
        String fault) {

    public String header(String name) {
        return headers.get(name.toLowerCase());
    }

    public String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
