package io.revloop.ordway;

import static org.assertj.core.api.Assertions.assertThat;

import io.revloop.sandbox.ordway.OrdwaySandbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OrdwayClient through the real routes/ordway-api.camel.yaml, against the Ordway sandbox. */
class OrdwayClientTest {

    private final OrdwaySandbox ordway = new OrdwaySandbox();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private OrdwayClient client;

    @BeforeEach
    void start() throws Exception {
        ordway.start(0);
        var c = ordway.credentials();
        OrdwayProperties properties = new OrdwayProperties(ordway.baseUrl(), c.apiKey(), c.company(), c.userEmail(),
                c.userToken(), 10_000);
        Properties placeholders = new Properties();
        placeholders.put("revloop.ordway.base-url", ordway.baseUrl());
        camel.getPropertiesComponent().setInitialProperties(placeholders);
        camel.getRegistry().bind("ordwayRequest", new OrdwayRequest(properties, new OrdwayRateLimiter(properties)));
        for (String file : List.of("error-handling.camel.yaml", "ordway-api.camel.yaml")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/" + file));
        }
        camel.start();
        client = new OrdwayClient(camel.createProducerTemplate());
    }

    @AfterEach
    void stop() {
        camel.stop();
        ordway.stop();
    }

    @Test
    void callsCarryTheCredentialsAndAnswerWithTheRecord() {
        String id = ordway.company().post("/customers", Map.of("name", "Acme GmbH")).path("id").asText();

        Exchange answer = client.call("GET", "/customers/" + id, null, null);

        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class)).contains(id, "Acme GmbH");
    }

    @Test
    void aThousandRecordIdsShareOneEndpointThatOtherEndpointsCannotEvict() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_100; i++) {
            ids.add(ordway.company().post("/customers", Map.of("name", "Customer " + i)).path("id").asText());
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        // from four threads, as inbox workers and pollers call Ordway at the same time
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Future<?>> calls = new ArrayList<>();
        for (String id : ids) {
            calls.add(threads.submit(() -> get(id, failures)));
        }
        for (Future<?> call : calls) {
            call.get();
        }
        threads.shutdown();
        assertThat(camel.getEndpoints()).filteredOn(e -> e.getEndpointUri().startsWith("http")).hasSize(1);

        // Camel keeps 1,000 dynamic endpoints and stops the ones it evicts; a route's endpoint is not among them
        for (int i = 0; i < 1_100; i++) {
            camel.getEndpoint(ordway.baseUrl() + "/elsewhere/" + i);
        }
        for (String id : ids.subList(0, 10)) {
            get(id, failures);
        }
        assertThat(failures).isEmpty();
    }

    private void get(String id, List<String> failures) {
        Exchange answer = client.call("GET", "/customers/" + id, null, null);
        if (answer.getException() != null) {
            failures.add(id + ": " + answer.getException());
        } else if (!answer.getMessage().getBody(String.class).contains(id)) {
            failures.add(id + ": " + answer.getMessage().getBody(String.class));
        }
    }
}
