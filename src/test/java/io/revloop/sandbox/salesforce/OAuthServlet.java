package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code /services/oauth2/token} and {@code /revoke}, served on the login and the instance host alike. */
final class OAuthServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final Logins logins;
    private final TokenStore tokens;
    private final SandboxClock clock;
    private final Supplier<String> baseUrl;

    OAuthServlet(Logins logins, TokenStore tokens, SandboxClock clock, Supplier<String> baseUrl) {
        this.logins = logins;
        this.tokens = tokens;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (String.valueOf(req.getPathInfo())) {
            case "/token" -> token(req, resp);
            case "/revoke" -> revoke(req, resp);
            default -> resp.sendError(404);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if ("/revoke".equals(req.getPathInfo())) {
            revoke(req, resp);
        } else {
            resp.sendError(404);
        }
    }

    private void token(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String grant = String.valueOf(req.getParameter("grant_type"));
        String clientId = req.getParameter("client_id");
        if (!grant.equals("password") && !grant.equals("refresh_token") && !grant.equals("client_credentials")
                && !grant.equals(JWT_GRANT)) {
            error(resp, "unsupported_grant_type", "grant type not supported");
            return;
        }
        if (!logins.knownClient(clientId)) {
            error(resp, "invalid_client_id", "client identifier invalid");
            return;
        }
        switch (grant) {
            case "password" -> password(req, resp, clientId);
            case "refresh_token" -> refresh(req, resp, clientId);
            case "client_credentials" -> clientCredentials(req, resp, clientId);
            default -> jwt(req, resp, clientId);
        }
    }

    private void password(HttpServletRequest req, HttpServletResponse resp, String clientId) throws IOException {
        if (!logins.secretMatches(req.getParameter("client_secret"))) {
            error(resp, "invalid_client", "invalid client credentials");
            return;
        }
        Optional<Logins.UserLogin> user = logins.user(req.getParameter("username"))
                .filter(u -> u.password().equals(req.getParameter("password")));
        if (user.isEmpty()) {
            error(resp, "invalid_grant", "authentication failure");
            return;
        }
        success(resp, user.get().userId(), clientId, null);
    }

    private void refresh(HttpServletRequest req, HttpServletResponse resp, String clientId) throws IOException {
        String secret = req.getParameter("client_secret");
        if (secret != null && !logins.secretMatches(secret)) {
            error(resp, "invalid_client", "invalid client credentials");
            return;
        }
        Optional<AccessTokens.Session> session = tokens.refreshSession(req.getParameter("refresh_token"))
                .filter(s -> s.clientId().equals(clientId));
        if (session.isEmpty()) {
            error(resp, "invalid_grant", "expired access/refresh token");
            return;
        }
        success(resp, session.get().userId(), clientId, null);
    }

    private void clientCredentials(HttpServletRequest req, HttpServletResponse resp, String clientId) throws IOException {
        if (!logins.secretMatches(req.getParameter("client_secret"))) {
            error(resp, "invalid_client", "invalid client credentials");
            return;
        }
        success(resp, logins.runAsUserId(), clientId, null);
    }

    private void jwt(HttpServletRequest req, HttpServletResponse resp, String clientId) throws IOException {
        if (logins.jwtKey().isEmpty()) {
            error(resp, "invalid_grant", "invalid assertion");
            return;
        }
        JwtBearerAssertion assertion;
        try {
            assertion = JwtBearerAssertion.verify(req.getParameter("assertion"), logins.jwtKey().get());
        } catch (JwtBearerAssertion.InvalidAssertion e) {
            error(resp, "invalid_grant", e.getMessage());
            return;
        }
        if (!clientId.equals(assertion.issuer())) {
            error(resp, "invalid_client_id", "client identifier invalid");
            return;
        }
        if (!validAudience(assertion.audience())) {
            error(resp, "invalid_grant", "audience is invalid");
            return;
        }
        if (assertion.expiresAt().isBefore(clock.now())) {
            error(resp, "invalid_grant", "expired authorization code");
            return;
        }
        Optional<Logins.UserLogin> user = logins.user(assertion.subject());
        if (user.isEmpty()) {
            error(resp, "invalid_grant", "user hasn't approved this consumer");
            return;
        }
        success(resp, user.get().userId(), clientId, null);
    }

    private boolean validAudience(String audience) {
        String aud = audience.endsWith("/") ? audience.substring(0, audience.length() - 1) : audience;
        return aud.equals(baseUrl.get()) || aud.equals("https://login.salesforce.com") || aud.equals("https://test.salesforce.com");
    }

    private void success(HttpServletResponse resp, String userId, String clientId, String refreshToken) throws IOException {
        AccessTokens.Session session = tokens.issue(userId, clientId);
        String base = baseUrl.get();
        String id = base + "/id/" + session.orgId() + "/" + userId;
        String issuedAt = Long.toString(clock.now().toEpochMilli());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", session.accessToken());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        body.put("signature", signature(id + issuedAt));
        body.put("scope", "api refresh_token");
        body.put("instance_url", base);
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        write(resp, 200, body);
    }

    /** Salesforce signs {@code id + issued_at} with HMAC-SHA256 keyed by the consumer secret. */
    private String signature(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(logins.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void revoke(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String token = req.getParameter("token");
        if (token == null || (tokens.validate(token).isEmpty() && tokens.refreshSession(token).isEmpty())) {
            error(resp, "unsupported_token_type", "this token type is not supported");
            return;
        }
        tokens.revoke(token);
        resp.setStatus(200);
    }

    private static void error(HttpServletResponse resp, String error, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        write(resp, 400, body);
    }

    private static void write(HttpServletResponse resp, int status, Map<String, Object> body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache,must-revalidate,max-age=0,no-store,private");
        JSON.writeValue(resp.getOutputStream(), body);
    }
}
