package io.revloop.sandbox.salesforce;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The sandbox's own control surface for demos and manual runs (never part of the Salesforce API):
 * <ul>
 *   <li>{@code POST /__sandbox/faults?fault=UNABLE_TO_LOCK_ROW&times=2&method=PATCH&path=sobjects/Account.*&delayMs=3000}</li>
 *   <li>{@code DELETE /__sandbox/faults}</li>
 *   <li>{@code POST /__sandbox/tokens/expire[?token=...]}</li>
 *   <li>{@code GET /__sandbox/usage}, {@code POST /__sandbox/usage?max=100&used=95}</li>
 * </ul>
 */
final class ControlServlet extends HttpServlet {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SalesforceSandbox sandbox;

    ControlServlet(SalesforceSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = String.valueOf(req.getPathInfo());
        String method = req.getMethod();
        try {
            switch (method + " " + path) {
                case "POST /faults" -> armFault(req);
                case "DELETE /faults" -> sandbox.faults().clear();
                case "POST /tokens/expire" -> expire(req);
                case "POST /usage" -> usage(req);
                case "GET /usage" -> {
                    // answered below
                }
                default -> {
                    resp.sendError(404);
                    return;
                }
            }
        } catch (IllegalArgumentException e) {
            resp.sendError(400, e.getMessage());
            return;
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("apiUsage", sandbox.apiUsage().used());
        state.put("apiMax", sandbox.apiUsage().max());
        state.put("faultsPending", sandbox.faults().pending());
        state.put("activeTokens", sandbox.tokens().activeTokens());
        resp.setContentType("application/json");
        JSON.writeValue(resp.getOutputStream(), state);
    }

    private void armFault(HttpServletRequest req) {
        FaultRule rule = FaultRule.of(Fault.valueOf(req.getParameter("fault")));
        String times = req.getParameter("times");
        if (times != null) {
            rule.times(Integer.parseInt(times));
        }
        if (req.getParameter("method") != null) {
            rule.method(req.getParameter("method"));
        }
        if (req.getParameter("path") != null) {
            rule.path(req.getParameter("path"));
        }
        if (req.getParameter("delayMs") != null) {
            rule.delay(Duration.ofMillis(Long.parseLong(req.getParameter("delayMs"))));
        }
        sandbox.faults().add(rule);
    }

    private void expire(HttpServletRequest req) {
        String token = req.getParameter("token");
        if (token == null) {
            sandbox.tokens().expireAll();
        } else {
            sandbox.tokens().expire(token);
        }
    }

    private void usage(HttpServletRequest req) {
        if (req.getParameter("max") != null) {
            sandbox.apiUsage().setMax(Integer.parseInt(req.getParameter("max")));
        }
        if (req.getParameter("used") != null) {
            sandbox.apiUsage().reset();
            sandbox.apiUsage().consume(Integer.parseInt(req.getParameter("used")));
        }
    }
}
