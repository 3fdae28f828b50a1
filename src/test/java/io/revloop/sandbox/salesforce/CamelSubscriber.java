package io.revloop.sandbox.salesforce;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;

/** The unmodified camel-salesforce streaming consumer, logged in to an org, recording what each route receives. */
final class CamelSubscriber implements AutoCloseable {

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final Map<String, List<Message>> received = new ConcurrentHashMap<>();

    /** {@code routes}: route id → {@code salesforce:subscribe:...} URI. */
    CamelSubscriber(StreamingOrg org, Map<String, String> routes) throws Exception {
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLoginUrl(org.baseUrl());
        salesforce.setClientId(org.clientId());
        salesforce.setClientSecret(org.clientSecret());
        salesforce.setRefreshToken(org.refreshToken());
        salesforce.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        // Re-subscribe quickly after a 503 so that the tests stay short; Camel's default is 1 s per attempt.
        config.setBackoffIncrement(200);
        config.setMaxBackoff(2000);
        salesforce.setConfig(config);
        camel.addComponent("salesforce", salesforce);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                routes.forEach((id, uri) -> {
                    received.put(id, new CopyOnWriteArrayList<>());
                    from(uri).routeId(id).process(exchange -> received.get(id).add(exchange.getMessage().copy()));
                });
            }
        });
        camel.start();
    }

    List<Message> received(String routeId) {
        return List.copyOf(received.get(routeId));
    }

    List<Object> headers(String routeId, String header) {
        return received(routeId).stream().map(m -> m.getHeader(header)).toList();
    }

    @Override
    public void close() {
        camel.stop();
    }

    /**
     * Forgets the replay ids camel-salesforce 4.17 keeps in a JVM-wide static map, as a restarted JVM would.
     * 4.18 made that map per component; until then a second context in one JVM resumes from the first one's ids.
     */
    @SuppressWarnings("unchecked")
    static void forgetReplayIds() throws ReflectiveOperationException {
        Field extensionField = Class.forName(
                "org.apache.camel.component.salesforce.internal.streaming.SubscriptionHelper")
                .getDeclaredField("REPLAY_EXTENSION");
        extensionField.setAccessible(true);
        Object extension = extensionField.get(null);
        Field mapField = extension.getClass().getDeclaredField("dataMap");
        mapField.setAccessible(true);
        ((Map<String, Long>) mapField.get(extension)).clear();
    }
}
