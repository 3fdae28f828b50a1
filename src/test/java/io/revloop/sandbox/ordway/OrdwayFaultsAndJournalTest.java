package io.revloop.sandbox.ordway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrdwayFaultsAndJournalTest {

    private static OrdwaySandbox sandbox;
    private static OrdwayTestClient client;

    @BeforeAll
    static void start() {
        sandbox = new OrdwaySandbox().start(0);
        client = new OrdwayTestClient(sandbox);
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    @BeforeEach
    void reset() {
        sandbox.faults().clear();
        sandbox.throttle(0);
        sandbox.journal().clear();
    }

    @Test
    void connectionResetSurfacesAsIOExceptionOnceThenRecovers() {
        sandbox.faults().inject(FaultRule.on("GET", "/customers").connectionReset().times(1));

        assertThatThrownBy(() -> client.sendOrThrow("GET", "/customers", null)).isInstanceOf(IOException.class);
        assertThat(client.get("/customers").status()).isEqualTo(200);
        assertThat(sandbox.journal().find("GET", "/customers").get(0).fault()).isEqualTo("CONNECTION_RESET");
    }

    @Test
    void emptyResponseSurfacesAsIOException() {
        sandbox.faults().inject(FaultRule.on(null, "/products.*").emptyResponse().times(1));

        assertThatThrownBy(() -> client.sendOrThrow("GET", "/products", null)).isInstanceOf(IOException.class);
    }

    @Test
    void malformedBodyIsNotJson() {
        sandbox.faults().inject(FaultRule.on("POST", "/customers").malformedBody().times(1));

        OrdwayTestClient.Response response = client.post("/customers", Json.object().put("name", "Half Written"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThatThrownBy(response::json).isInstanceOf(ApiException.class).hasMessageContaining("Invalid JSON");
        // The write behind the broken answer happened, as it would behind a flaky proxy.
        assertThat(client.get("/customers?name=Half%20Written").json()).hasSize(1);
    }

    @Test
    void fixedDelayHoldsTheRealAnswer() {
        sandbox.faults().inject(FaultRule.on("GET", "/plans").delay(Duration.ofMillis(400)).times(1));

        long started = System.nanoTime();
        OrdwayTestClient.Response response = client.get("/plans");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().isArray()).isTrue();
    }

    @Test
    void serverErrorsForTheNextNCalls() {
        sandbox.faults().inject(FaultRule.on("GET", "/invoices").status(503).times(2));

        assertThat(client.get("/invoices").status()).isEqualTo(503);
        assertThat(client.get("/invoices").status()).isEqualTo(503);
        assertThat(client.get("/invoices").status()).isEqualTo(200);
        assertThat(sandbox.journal().count("GET", "/invoices")).isEqualTo(3);
    }

    @Test
    void tooManyRequestsWithAndWithoutRetryAfter() {
        sandbox.faults().inject(FaultRule.on("GET", "/payments").tooManyRequests().times(1));
        sandbox.faults().inject(FaultRule.on("GET", "/payments").tooManyRequests(Duration.ofSeconds(7)).times(1));

        OrdwayTestClient.Response bare = client.get("/payments");
        OrdwayTestClient.Response withHint = client.get("/payments");

        assertThat(bare.status()).isEqualTo(429);
        assertThat(bare.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        assertThat(bare.header("Retry-After")).isNull();
        assertThat(withHint.status()).isEqualTo(429);
        assertThat(withHint.header("Retry-After")).isEqualTo("7");
        assertThat(client.get("/payments").status()).isEqualTo(200);
    }

    @Test
    void probabilisticFaultsAreRepeatableWithASeed() {
        List<Integer> first = statusesWithProbableFault(42);
        List<Integer> second = statusesWithProbableFault(42);

        assertThat(first).isEqualTo(second).contains(500, 200);
    }

    @Test
    void throttlingAnswers429PastTheRate() {
        sandbox.throttle(2);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(client.get("/products").status());
        }

        assertThat(statuses).contains(429);
        JournalEntry throttled = sandbox.journal().find(e -> e.status() == 429).get(0);
        assertThat(throttled.responseBody()).isEqualTo("{\"message\":\"Too Many Requests\"}");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get("/products").status() == 200);
    }

    @Test
    void journalRecordsWhatWasAskedAndAnswered() {
        client.post("/customers", Json.object().put("name", "Journaled"));
        client.get("/customers?" + OrdwayTestClient.param("updated_date>", "2020-01-01") + "&page=2&size=10");
        client.withHeader("X-User-Token", "bad").get("/customers");

        List<JournalEntry> all = sandbox.journal().all();
        assertThat(all).hasSize(3);
        JournalEntry created = all.get(0);
        assertThat(created.method()).isEqualTo("POST");
        assertThat(created.path()).isEqualTo("/customers");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body()).contains("Journaled");
        assertThat(created.header("X-User-Email")).isEqualTo(sandbox.credentials().userEmail());
        assertThat(created.sandboxTime()).isNotNull();
        JournalEntry listed = all.get(1);
        assertThat(listed.param("updated_date>")).isEqualTo("2020-01-01");
        assertThat(listed.param("page")).isEqualTo("2");
        assertThat(sandbox.journal().last().status()).isEqualTo(401);
        assertThat(sandbox.journal().count(null, "/customers.*")).isEqualTo(3);
    }

    @Test
    void faultsAndJournalAreReachableOverHttp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String fault = "{\"method\":\"GET\",\"path\":\"/products\",\"kind\":\"STATUS\",\"status\":502,\"times\":1}";
        http.send(HttpRequest.newBuilder(URI.create(sandbox.rootUrl() + "/__sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(client.get("/products").status()).isEqualTo(502);
        HttpResponse<String> journal = http.send(HttpRequest.newBuilder(
                URI.create(sandbox.rootUrl() + "/__sandbox/journal?method=GET&path=/products")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode entries = Json.parse(journal.body());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("status").asInt()).isEqualTo(502);
    }

    @Test
    void concurrentWritesGetDistinctIds() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            work.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    ids.add(client.post("/customers", Json.object().put("name", "Busy " + thread + "-" + i))
                            .json().get("id").asText());
                }
            }));
        }
        for (Future<?> future : work) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(ids).hasSize(120);
        assertThat(sandbox.journal().count("POST", "/customers")).isEqualTo(120);
    }

    private List<Integer> statusesWithProbableFault(long seed) {
        sandbox.faults().clear();
        sandbox.faults().seed(seed).inject(FaultRule.on("GET", "/plans").status(500).withProbability(0.5));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                statuses.add(client.sendOrThrow("GET", "/plans", null).status());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return statuses;
    }
}
