package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The WireMock extension that turns every request into an answer from the sandbox state: journal, injected
 * faults, throttling and authentication first, then the resource handlers.
 */
final class OrdwayApiExtension implements ResponseDefinitionTransformerV2 {

    static final String API_PREFIX = "/api/v1";
    static final String CONTROL_PREFIX = "/__sandbox";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String TOO_MANY = "{\"message\":\"Too Many Requests\"}";

    private final OrdwaySandbox sandbox;
    private final ApiRouter router;
    private final ControlSurface control;

    OrdwayApiExtension(OrdwaySandbox sandbox, ApiRouter router, ControlSurface control) {
        this.sandbox = sandbox;
        this.router = router;
        this.control = control;
    }

    @Override
    public String getName() {
        return "ordway-sandbox";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        // Split by hand: curl sends filter operators unencoded (updated_date>=...), which java.net.URI rejects.
        String url = request.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String rawQuery = q < 0 ? null : url.substring(q + 1);
        if (path.startsWith(CONTROL_PREFIX + "/")) {
            return control.handle(request.getMethod().getName(), path.substring(CONTROL_PREFIX.length()),
                    ApiRequest.parseQuery(rawQuery), request.getBodyAsString());
        }
        return api(request, path, rawQuery);
    }

    private ResponseDefinition api(Request request, String path, String rawQuery) {
        Instant receivedAt = Instant.now();
        Instant sandboxTime = sandbox.clock().now();
        String method = request.getMethod().getName();
        String apiPath = path.startsWith(API_PREFIX) ? path.substring(API_PREFIX.length()) : path;
        Map<String, List<String>> query = ApiRequest.parseQuery(rawQuery);
        String body = request.getBodyAsString();

        Faults.Decision decision = sandbox.faults().decide(method, apiPath);
        Answer answer = decision.fault() != null ? faulty(decision.fault(), method, apiPath, query, body, request)
                : answer(request, method, path, apiPath, query, body);

        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpHeader header : request.getHeaders().all()) {
            headers.put(header.key().toLowerCase(), header.firstValue());
        }
        sandbox.journal().record(new JournalEntry(sandbox.journal().nextSequence(), receivedAt, sandboxTime, method,
                apiPath, query, Map.copyOf(headers), body, answer.status, answer.body, injected(decision)));

        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                .withStatus(answer.status)
                .withHeader("Content-Type", JSON)
                .withHeader("Cache-Control", "max-age=0, private, must-revalidate")
                .withHeader("X-Request-Id", UUID.randomUUID().toString());
        if (answer.retryAfter != null) {
            response.withHeader("Retry-After", answer.retryAfter);
        }
        if (answer.fault != null) {
            response.withFault(answer.fault);
        } else {
            response.withBody(answer.body);
        }
        if (!decision.delay().isZero()) {
            response.withFixedDelay((int) decision.delay().toMillis());
        }
        return response.build();
    }

    private Answer answer(Request request, String method, String path, String apiPath,
            Map<String, List<String>> query, String body) {
        if (!sandbox.throttle().tryAcquire()) {
            return new Answer(429, TOO_MANY, null, null);
        }
        try {
            if (!path.startsWith(API_PREFIX + "/")) {
                throw ApiException.noRoute(path);
            }
            authenticate(request);
            JsonNode result = router.handle(new ApiRequest(method, apiPath, query, Json.parse(body),
                    request.getHeader("X-User-Email")));
            return new Answer(200, Json.write(result), null, null);
        } catch (ApiException e) {
            return new Answer(e.status(), Json.write(e.body()), null, null);
        }
    }

    private Answer faulty(FaultRule rule, String method, String apiPath, Map<String, List<String>> query, String body,
            Request request) {
        return switch (rule.kind()) {
            case CONNECTION_RESET -> new Answer(0, null, null, Fault.CONNECTION_RESET_BY_PEER);
            case EMPTY_RESPONSE -> new Answer(0, null, null, Fault.EMPTY_RESPONSE);
            case MALFORMED_CHUNK -> new Answer(200, null, null, Fault.MALFORMED_RESPONSE_CHUNK);
            case RANDOM_DATA_THEN_CLOSE -> new Answer(0, null, null, Fault.RANDOM_DATA_THEN_CLOSE);
            case MALFORMED_BODY -> {
                // A real answer cut short, as a proxy dropping the tail of the body would leave it.
                Answer real = answer(request, method, OrdwayApiExtension.API_PREFIX + apiPath, apiPath, query, body);
                String text = real.body == null ? "{}" : real.body;
                yield new Answer(200, text.substring(0, Math.max(1, text.length() / 2)), null, null);
            }
            case TOO_MANY_REQUESTS -> new Answer(429, TOO_MANY,
                    rule.retryAfter() == null ? null : String.valueOf(Math.max(1, rule.retryAfter().toSeconds())), null);
            case STATUS -> new Answer(rule.status(), Json.write(Json.object().put("message", reason(rule.status()))),
                    null, null);
            case DELAY -> throw new IllegalStateException("Delays are not replacing faults");
        };
    }

    private static String injected(Faults.Decision decision) {
        if (decision.fault() != null) {
            return decision.fault().kind().name();
        }
        return decision.delay().isZero() ? null : FaultRule.Kind.DELAY.name();
    }

    private void authenticate(Request request) {
        OrdwayCredentials expected = sandbox.credentials();
        if (!expected.apiKey().equals(request.getHeader("X-API-KEY"))) {
            throw ApiException.forbidden();
        }
        // Ordway looks the user up within the company, so a wrong company reads as a wrong email/token.
        if (!expected.company().equals(request.getHeader("X-User-Company"))
                || !expected.userEmail().equalsIgnoreCase(String.valueOf(request.getHeader("X-User-Email")))
                || !expected.userToken().equals(request.getHeader("X-User-Token"))) {
            throw ApiException.invalidUser();
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal server error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Endpoint request timed out";
            default -> "Error " + status;
        };
    }

    private record Answer(int status, String body, String retryAfter, Fault fault) {
    }
}
