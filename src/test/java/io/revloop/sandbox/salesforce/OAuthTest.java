package io.revloop.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OAuthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SalesforceSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = SalesforceSandbox.builder().build().start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.stop();
    }

    @Test
    void passwordGrantAnswersWhatCamelNeeds() throws Exception {
        HttpResponse<String> response = token(Map.of("grant_type", "password",
                "client_id", sandbox.credentials().clientId(), "client_secret", sandbox.credentials().clientSecret(),
                "username", sandbox.credentials().username(), "password", sandbox.credentials().password(), "format", "json"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("id").asText())
                .isEqualTo(sandbox.baseUrl() + "/id/" + sandbox.org().orgId() + "/" + sandbox.org().integrationUser());
        assertThat(sandbox.org().orgId()).hasSize(18).startsWith("00D");
        assertThat(body.get("access_token").asText()).startsWith(sandbox.org().orgId().substring(0, 15) + "!");
        assertThat(body.get("issued_at").asText()).matches("\\d{13}");
        assertThat(body.get("signature").asText()).isNotBlank();
        assertThat(sandbox.tokens().validate(body.get("access_token").asText())).isPresent();
    }

    @Test
    void badCredentialsAreRejectedLikeSalesforce() throws Exception {
        Map<String, String> form = new LinkedHashMap<>(Map.of("grant_type", "password",
                "client_id", sandbox.credentials().clientId(), "client_secret", sandbox.credentials().clientSecret(),
                "username", sandbox.credentials().username(), "password", "wrong"));
        assertError(token(form), "invalid_grant", "authentication failure");

        form.put("client_secret", "wrong");
        assertError(token(form), "invalid_client", "invalid client credentials");

        form.put("client_id", "nobody");
        assertError(token(form), "invalid_client_id", "client identifier invalid");

        assertError(token(Map.of("grant_type", "authorization_code", "client_id", sandbox.credentials().clientId())),
                "unsupported_grant_type", "grant type not supported");
        assertError(token(Map.of("grant_type", "refresh_token", "client_id", sandbox.credentials().clientId(),
                "refresh_token", "5Aep861bogus")), "invalid_grant", "expired access/refresh token");
    }

    @Test
    void tokenEndpointAndRevokeWorkOnTheInstanceHost() throws Exception {
        String token = JSON.readTree(token(Map.of("grant_type", "client_credentials",
                "client_id", sandbox.credentials().clientId(), "client_secret", sandbox.credentials().clientSecret())).body())
                .get("access_token").asText();
        assertThat(sandbox.tokens().validate(token)).isPresent();

        HttpResponse<String> revoke = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/services/oauth2/revoke?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(revoke.statusCode()).isEqualTo(200);
        assertThat(sandbox.tokens().validate(token)).isEmpty();
    }

    @Test
    void camelLogsInWithEachGrantAndCallsTheApi() {
        for (CamelSalesforceClient client : new CamelSalesforceClient[] {
                CamelSalesforceClient.password(sandbox), CamelSalesforceClient.refreshToken(sandbox),
                CamelSalesforceClient.clientCredentials(sandbox), CamelSalesforceClient.jwt(sandbox)}) {
            try (client) {
                String limits = client.request("limits", null);
                assertThat(limits).contains("\"DailyApiRequests\"");
            }
        }
    }

    @Test
    void camelReportsBadCredentialsAsInvalidGrant() {
        assertThatThrownBy(() -> CamelSalesforceClient.custom(sandbox, c -> {
            c.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            c.setClientSecret(sandbox.credentials().clientSecret());
            c.setUserName(sandbox.credentials().username());
            c.setPassword("not-the-password");
        })).hasRootCauseInstanceOf(SalesforceException.class)
                .rootCause().satisfies(e -> {
                    SalesforceException sfe = (SalesforceException) e;
                    assertThat(sfe.getStatusCode()).isEqualTo(400);
                    assertThat(sfe.getErrors()).singleElement().satisfies(err -> {
                        assertThat(err.getErrorCode()).isEqualTo("invalid_grant");
                        assertThat(err.getMessage()).contains("authentication failure");
                    });
                });
    }

    private static void assertError(HttpResponse<String> response, String error, String description) throws Exception {
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isEqualTo(description);
    }

    private static HttpResponse<String> token(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
