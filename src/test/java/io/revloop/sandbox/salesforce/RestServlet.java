package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /services/data/*}: authenticates the session, applies armed faults, counts the call against the daily
 * allocation, then runs it in one org transaction that commits only when the call succeeds.
 */
final class RestServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SalesforceOrg org;
    private final TokenStore tokens;
    private final Faults faults;
    private final ApiUsage usage;
    private final RestApi api;

    RestServlet(SalesforceOrg org, TokenStore tokens, Faults faults, ApiUsage usage, RestApi api) {
        this.org = org;
        this.tokens = tokens;
        this.faults = faults;
        this.usage = usage;
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String pathInfo = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (pathInfo.equals("/")) {
            write(resp, RestResponse.of(200, VersionsResource.versions()), false);
            return;
        }
        String[] parts = pathInfo.substring(1).split("/", 2);
        String version = parts[0].startsWith("v") ? parts[0].substring(1) : "";
        String path = parts.length > 1 ? trimSlashes(parts[1]) : "";
        if (!VersionsResource.supported(version)) {
            write(resp, RestResponse.error(ApiException.notFound()), false);
            return;
        }
        Optional<AccessTokens.Session> session = tokens.validate(bearer(req));
        if (session.isEmpty()) {
            write(resp, RestResponse.error(invalidSession()), false);
            return;
        }
        RestResponse response = faulted(req.getMethod(), path, session.get());
        if (response == null) {
            if (!usage.tryAcquire()) {
                response = RestResponse.error(new ApiException(403, ApiError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")));
            } else {
                response = run(req, version, path, session.get());
            }
        }
        write(resp, response, true);
    }

    private RestResponse run(HttpServletRequest req, String version, String path, AccessTokens.Session session) throws IOException {
        RestRequest request;
        try {
            request = new RestRequest(req.getMethod(), version, path, query(req.getQueryString()), headers(req), body(req));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            return RestResponse.error(ApiException.badRequest("JSON_PARSER_ERROR", e.getOriginalMessage()
                    + (at == null ? "" : " at [line:" + at.getLineNr() + ", column:" + at.getColumnNr() + "]"), null));
        }
        Actor actor = Actor.rest(session.userId(), version, session.clientId());
        try {
            return org.transaction(actor, tx -> {
                RestResponse result = api.handle(request, tx);
                if (result.failed()) {
                    throw new RolledBack(result);
                }
                return result;
            });
        } catch (RolledBack rolledBack) {
            return rolledBack.response;
        } catch (RuntimeException e) {
            // A sandbox bug must still look like Salesforce to the client, not like a Jetty error page.
            getServletContext().log("REST call failed: " + request.method() + " " + request.path(), e);
            return RestResponse.error(new ApiException(500, ApiError.of("UNKNOWN_EXCEPTION", "An unexpected error occurred: " + e)));
        }
    }

    /** The armed fault for this call, if any; a SLOW fault only delays and lets the call run. */
    private RestResponse faulted(String method, String path, AccessTokens.Session session) {
        return faults.take(method, path).map(rule -> switch (rule.fault()) {
            case REQUEST_LIMIT_EXCEEDED -> RestResponse.error(new ApiException(403,
                    ApiError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")));
            case INVALID_SESSION_ID -> {
                tokens.expire(session.accessToken());
                yield RestResponse.error(invalidSession());
            }
            case UNABLE_TO_LOCK_ROW -> RestResponse.error(ApiException.badRequest("UNABLE_TO_LOCK_ROW",
                    "unable to obtain exclusive access to this record or 1 records: " + recordIdIn(path), List.of()));
            case DUPLICATE_VALUE -> RestResponse.error(ApiException.badRequest("DUPLICATE_VALUE",
                    "duplicate value found: <unknown> duplicates value on record with id: <unknown>", List.of()));
            case SERVER_ERROR -> RestResponse.error(new ApiException(500, ApiError.of("UNKNOWN_EXCEPTION",
                    "An unexpected error occurred. Please include this ErrorId if you contact support: "
                            + (100000000 + (System.nanoTime() & 0x3FFFFFF)) + "-" + (10000 + (System.nanoTime() & 0x3FFF)) + " (-1811239571)")));
            case SERVICE_UNAVAILABLE -> RestResponse.error(new ApiException(503, ApiError.of("SERVER_UNAVAILABLE",
                    "Server temporarily unavailable. Please try again later.")));
            case SLOW -> {
                pause(rule);
                yield null;
            }
        }).orElse(null);
    }

    private static void pause(FaultRule rule) {
        try {
            Thread.sleep(rule.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String recordIdIn(String path) {
        for (String segment : path.split("/")) {
            if (SalesforceIds.wellFormed(segment) && segment.length() == 18) {
                return segment;
            }
        }
        return "001000000000000AAA";
    }

    static ApiException invalidSession() {
        return new ApiException(401, ApiError.of("INVALID_SESSION_ID", "Session expired or invalid"));
    }

    /** REST clients send {@code Bearer}; older ones and CometD send {@code OAuth}. */
    static String bearer(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header == null) {
            return null;
        }
        for (String prefix : List.of("Bearer ", "OAuth ")) {
            if (header.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return header.substring(prefix.length()).trim();
            }
        }
        return null;
    }

    private void write(HttpServletResponse resp, RestResponse response, boolean limitInfo) throws IOException {
        resp.setStatus(response.status());
        if (limitInfo) {
            resp.setHeader("Sforce-Limit-Info", usage.header());
        }
        response.headers().forEach(resp::setHeader);
        if (response.body() != null) {
            resp.setContentType("application/json;charset=UTF-8");
            JSON.writeValue(resp.getOutputStream(), response.body());
        }
    }

    private static Object body(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? null : JSON.readValue(bytes, Object.class);
        }
    }

    private static Map<String, String> headers(HttpServletRequest req) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            out.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
        }
        return out;
    }

    static Map<String, List<String>> query(String queryString) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return out;
        }
        for (String pair : queryString.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    static String trimSlashes(String path) {
        String out = path;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        return out;
    }

    private static final class RolledBack extends RuntimeException {
        private final transient RestResponse response;

        RolledBack(RestResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }
}
