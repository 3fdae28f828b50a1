package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Speaks Bayeux by hand to see exactly what goes over the wire, as camel-salesforce sends it. */
final class RawBayeux {

    record Reply(int status, List<Map<String, Object>> messages, HttpResponse<String> http) {
        Map<String, Object> meta(String channel) {
            return messages.stream().filter(m -> channel.equals(m.get("channel"))).findFirst()
                    .orElseThrow(() -> new AssertionError("No " + channel + " in " + messages));
        }

        @SuppressWarnings("unchecked")
        static long replayIdOf(Map<String, Object> event) {
            Map<String, Object> data = (Map<String, Object>) event.get("data");
            return ((Number) ((Map<String, Object>) data.get("event")).get("replayId")).longValue();
        }

        List<Map<String, Object>> events() {
            return messages.stream().filter(m -> !String.valueOf(m.get("channel")).startsWith("/meta/")).toList();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String cometdUrl;
    private final HttpClient http;
    private final AtomicInteger ids = new AtomicInteger();
    private volatile String token;
    private volatile String scheme = "OAuth";
    private volatile String clientId;

    RawBayeux(String baseUrl, String apiVersion, String token) {
        this.cometdUrl = baseUrl + "/cometd" + (apiVersion.isEmpty() ? "" : "/" + apiVersion);
        this.token = token;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    void token(String value) {
        token = value;
    }

    /** {@code OAuth} as camel-salesforce sends it on {@code /cometd}, or {@code Bearer}. */
    void scheme(String value) {
        scheme = value;
    }

    String clientId() {
        return clientId;
    }

    Reply handshake() {
        Reply reply = post("handshake", Map.of("channel", "/meta/handshake", "version", "1.0",
                "supportedConnectionTypes", List.of("long-polling"), "ext", Map.of("replay", true)));
        Object id = reply.meta("/meta/handshake").get("clientId");
        if (id != null) {
            clientId = (String) id;
        }
        return reply;
    }

    Reply connect() {
        return connectAsync().join();
    }

    CompletableFuture<Reply> connectAsync() {
        return postAsync("connect", Map.of("channel", "/meta/connect", "clientId", clientId,
                "connectionType", "long-polling"));
    }

    /** The first connect, which the server answers at once. */
    Reply firstConnect() {
        return post("connect", Map.of("channel", "/meta/connect", "clientId", clientId,
                "connectionType", "long-polling", "advice", Map.of("timeout", 0)));
    }

    Reply subscribe(String channel, Map<String, Long> replay) {
        return post("subscribe", Map.of("channel", "/meta/subscribe", "clientId", clientId, "subscription", channel,
                "ext", Map.of("replay", replay)));
    }

    Reply disconnect() {
        return post("disconnect", Map.of("channel", "/meta/disconnect", "clientId", clientId));
    }

    Reply post(String type, Map<String, Object> message) {
        return postAsync(type, message).join();
    }

    CompletableFuture<Reply> postAsync(String type, Map<String, Object> message) {
        Map<String, Object> withId = new java.util.LinkedHashMap<>(message);
        withId.put("id", String.valueOf(ids.incrementAndGet()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cometdUrl + "/" + type))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(write(List.of(withId))));
        if (token != null) {
            request.header("Authorization", scheme + " " + token);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            List<Map<String, Object>> messages = response.statusCode() == 200 ? read(response.body()) : List.of();
            return new Reply(response.statusCode(), messages, response);
        });
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<String, Object>> read(String body) {
        try {
            return JSON.readValue(body, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
