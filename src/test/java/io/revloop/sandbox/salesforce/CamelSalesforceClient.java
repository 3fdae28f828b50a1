package io.revloop.sandbox.salesforce;

import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.KeyStoreParameters;

/** The unmodified camel-salesforce producer, configured against a sandbox: what the tests drive the org with. */
final class CamelSalesforceClient implements AutoCloseable {

    private final CamelContext camel;
    private final ProducerTemplate template;

    private CamelSalesforceClient(SalesforceSandbox sandbox, Consumer<SalesforceComponent> login) {
        camel = new DefaultCamelContext();
        SalesforceComponent component = new SalesforceComponent();
        component.setLoginUrl(sandbox.baseUrl());
        component.setClientId(sandbox.credentials().clientId());
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        config.setRawPayload(true);
        component.setConfig(config);
        login.accept(component);
        camel.addComponent("salesforce", component);
        camel.start();
        template = camel.createProducerTemplate();
    }

    static CamelSalesforceClient password(SalesforceSandbox sandbox) {
        return new CamelSalesforceClient(sandbox, c -> {
            c.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            c.setClientSecret(sandbox.credentials().clientSecret());
            c.setUserName(sandbox.credentials().username());
            c.setPassword(sandbox.credentials().password());
        });
    }

    static CamelSalesforceClient refreshToken(SalesforceSandbox sandbox) {
        return new CamelSalesforceClient(sandbox, c -> {
            c.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
            c.setClientSecret(sandbox.credentials().clientSecret());
            c.setRefreshToken(sandbox.refreshToken());
        });
    }

    static CamelSalesforceClient clientCredentials(SalesforceSandbox sandbox) {
        return new CamelSalesforceClient(sandbox, c -> {
            c.setAuthenticationType(AuthenticationType.CLIENT_CREDENTIALS);
            c.setClientSecret(sandbox.credentials().clientSecret());
        });
    }

    static CamelSalesforceClient jwt(SalesforceSandbox sandbox) {
        SalesforceSandbox.JwtKeystore keystore = sandbox.jwtKeystore();
        return new CamelSalesforceClient(sandbox, c -> {
            c.setAuthenticationType(AuthenticationType.JWT);
            c.setUserName(sandbox.credentials().username());
            KeyStoreParameters parameters = new KeyStoreParameters();
            parameters.setResource("file:" + keystore.path());
            parameters.setPassword(keystore.password());
            parameters.setType("PKCS12");
            c.setKeystore(parameters);
        });
    }

    static CamelSalesforceClient custom(SalesforceSandbox sandbox, Consumer<SalesforceComponent> login) {
        return new CamelSalesforceClient(sandbox, login);
    }

    /** Sends to {@code salesforce:<uri>}; the exchange carries the result or the exception. */
    Exchange send(String uri, Object body, Map<String, Object> headers) {
        return template.send("salesforce:" + uri, exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeaders(new java.util.HashMap<>(headers));
        });
    }

    Exchange send(String uri, Object body) {
        return send(uri, body, Map.of());
    }

    /** The body as a String, or the exchange's exception rethrown. */
    String request(String uri, Object body) {
        return request(uri, body, Map.of());
    }

    String request(String uri, Object body, Map<String, Object> headers) {
        Exchange exchange = send(uri, body, headers);
        if (exchange.getException() != null) {
            throw new IllegalStateException(exchange.getException());
        }
        return exchange.getMessage().getBody(String.class);
    }

    CamelContext camel() {
        return camel;
    }

    @Override
    public void close() {
        camel.stop();
    }
}
