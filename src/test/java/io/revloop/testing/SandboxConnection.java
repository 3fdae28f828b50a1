package io.revloop.testing;

import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.SalesforceSandbox;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings that point revloop at both sandboxes, shared by the end-to-end tests, the demo and the benchmarks. */
public final class SandboxConnection {

    private SandboxConnection() {
    }

    public static Map<String, String> properties(SalesforceSandbox salesforce, OrdwaySandbox ordway) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.component.salesforce.login-url", salesforce.baseUrl());
        p.put("camel.component.salesforce.authentication-type", "USERNAME_PASSWORD");
        p.put("camel.component.salesforce.client-id", salesforce.credentials().clientId());
        p.put("camel.component.salesforce.client-secret", salesforce.credentials().clientSecret());
        p.put("camel.component.salesforce.user-name", salesforce.credentials().username());
        p.put("camel.component.salesforce.password", salesforce.credentials().password());
        p.put("revloop.ordway.base-url", ordway.baseUrl());
        p.put("revloop.ordway.api-key", ordway.credentials().apiKey());
        p.put("revloop.ordway.company", ordway.credentials().company());
        p.put("revloop.ordway.user-email", ordway.credentials().userEmail());
        p.put("revloop.ordway.user-token", ordway.credentials().userToken());
        return p;
    }
}
