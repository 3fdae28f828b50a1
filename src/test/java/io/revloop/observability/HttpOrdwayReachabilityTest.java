package io.revloop.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.revloop.testing.MutableClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

class HttpOrdwayReachabilityTest {

    private static final HealthProperties PROPERTIES = new HealthProperties(
            1, Duration.ofHours(6), Duration.ofHours(60), Duration.ofMinutes(5), Duration.ofSeconds(60), Duration.ofSeconds(2));

    private final MutableClock clock = new MutableClock(Instant.parse("2030-06-01T12:00:00Z"));
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<Headers> headers = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private HttpServer ordway;

    @BeforeEach
    void startFakeOrdway() throws IOException {
        ordway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ordway.createContext("/api/v1/customers", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            headers.add(exchange.getRequestHeaders());
            if (answer == 302) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:9/steal");
            }
            byte[] body = answer == 200 ? "[]".getBytes() : new byte[0];
            exchange.sendResponseHeaders(answer, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ordway.start();
    }

    @AfterEach
    void stopFakeOrdway() {
        ordway.stop(0);
    }

    @Test
    void asksForOneCustomerWithTheFourAuthHeaders() {
        OrdwayReachability.Result result = reachability(baseUrl()).check();

        assertThat(result.configured()).isTrue();
        assertThat(result.reachable()).isTrue();
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(requests).containsExactly("/api/v1/customers?page=1&size=1");
        Headers sent = headers.get(0);
        assertThat(sent.getFirst("X-API-KEY")).isEqualTo("test-api-key");
        assertThat(sent.getFirst("X-User-Company")).isEqualTo("Acme Test Co");
        assertThat(sent.getFirst("X-User-Email")).isEqualTo("ops@acme.test");
        assertThat(sent.getFirst("X-User-Token")).isEqualTo("test-user-token");
    }

    @Test
    void callsOrdwayAtMostOncePerInterval() {
        HttpOrdwayReachability reachability = reachability(baseUrl());

        reachability.check();
        clock.advance(Duration.ofSeconds(59));
        reachability.check();
        assertThat(requests).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        answer = 503;
        OrdwayReachability.Result later = reachability.check();

        assertThat(requests).hasSize(2);
        assertThat(later.reachable()).isFalse();
        assertThat(later.detail()).isEqualTo("Ordway answered 503");
    }

    @Test
    void rejectedCredentialsAreUnreachableButRateLimitingIsNot() {
        answer = 401;
        OrdwayReachability.Result rejected = reachability(baseUrl()).check();
        assertThat(rejected.reachable()).isFalse();
        assertThat(rejected.detail()).contains("credentials");

        answer = 429;
        assertThat(reachability(baseUrl()).check().reachable()).isTrue();
    }

    @Test
    void doesNotFollowRedirectsWithTheCredentials() {
        answer = 302;

        OrdwayReachability.Result result = reachability(baseUrl()).check();

        assertThat(result.reachable()).isFalse();
        assertThat(result.httpStatus()).isEqualTo(302);
        assertThat(requests).hasSize(1);
    }

    @Test
    void noAnswerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        OrdwayReachability.Result result = reachability("http://127.0.0.1:" + closedPort + "/api/v1").check();

        assertThat(result.reachable()).isFalse();
        assertThat(result.detail()).startsWith("No answer");
    }

    @Test
    void makesNoCallWithoutCredentials() {
        HttpOrdwayReachability unconfigured = new HttpOrdwayReachability(baseUrl(), "", "", "", "", PROPERTIES, clockProvider());

        OrdwayReachability.Result result = unconfigured.check();

        assertThat(result.configured()).isFalse();
        assertThat(requests).isEmpty();
    }

    private HttpOrdwayReachability reachability(String baseUrl) {
        return new HttpOrdwayReachability(baseUrl, "test-api-key", "Acme Test Co", "ops@acme.test", "test-user-token",
                PROPERTIES, clockProvider());
    }

    private org.springframework.beans.factory.ObjectProvider<Clock> clockProvider() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("clock", clock);
        return beans.getBeanProvider(Clock.class);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + ordway.getAddress().getPort() + "/api/v1/";
    }
}
