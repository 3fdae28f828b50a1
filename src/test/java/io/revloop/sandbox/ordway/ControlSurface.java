package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;

/**
 * Sandbox controls over HTTP under {@code /__sandbox}, so the demo can be driven with curl. No Ordway
 * authentication here: the server only listens on loopback.
 *
 * <pre>
 * GET  /__sandbox/clock                      {"now","today"}
 * POST /__sandbox/clock                      {"advance":"P30D"|"PT2H"} or {"set":"2026-03-01"}
 * POST /__sandbox/billing-run                {"target_date"?, "invoice_date"?, "auto_post"?}
 * POST /__sandbox/invoices/{id}/post         posts a draft invoice
 * POST /__sandbox/payments/fail              {"invoice_id","amount","reason"?}
 * GET|DELETE /__sandbox/journal              ?method=&path= (regex, relative to /api/v1)
 * GET|POST|DELETE /__sandbox/faults          {"method"?,"path","kind","status"?,"delay_ms"?,"retry_after_seconds"?,"times"?,"probability"?}
 * POST /__sandbox/throttle                   {"requests_per_second":N} (0 = off)
 * GET  /__sandbox/documents/invoices/{id}.pdf
 * </pre>
 */
final class ControlSurface {

    private final OrdwaySandbox sandbox;

    ControlSurface(OrdwaySandbox sandbox) {
        this.sandbox = sandbox;
    }

    ResponseDefinition handle(String method, String path, Map<String, List<String>> query, String rawBody) {
        try {
            JsonNode body = Json.parse(rawBody);
            List<String> s = List.of(path.substring(1).split("/"));
            String route = method + " " + s.get(0);
            JsonNode result = switch (route) {
                case "GET clock" -> clock();
                case "POST clock" -> moveClock(body);
                case "POST billing-run" -> sandbox.company().post("/billing_runs", body);
                case "POST invoices" -> sandbox.postInvoice(s.get(1));
                case "POST payments" -> sandbox.failPayment(Json.text(body, "invoice_id", ""),
                        Json.decimal(body.get("amount"), BigDecimal.ZERO), Json.text(body, "reason", "Card declined"));
                case "GET journal" -> journal(query);
                case "DELETE journal" -> {
                    sandbox.journal().clear();
                    yield Json.object();
                }
                case "GET faults" -> faults();
                case "POST faults" -> {
                    sandbox.faults().inject(fault(body));
                    yield faults();
                }
                case "DELETE faults" -> {
                    sandbox.faults().clear();
                    yield Json.array();
                }
                case "POST throttle" -> {
                    sandbox.throttle(body.path("requests_per_second").asInt(0));
                    yield Json.object().put("requests_per_second", body.path("requests_per_second").asInt(0));
                }
                case "GET documents" -> null;
                default -> throw ApiException.noRoute(OrdwayApiExtension.CONTROL_PREFIX + path);
            };
            if (result == null) {
                return pdf(path);
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json").withBody(Json.write(result)).build();
        } catch (ApiException e) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(e.status())
                    .withHeader("Content-Type", "application/json").withBody(Json.write(e.body())).build();
        } catch (RuntimeException e) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Json.write(Json.object().put("message", String.valueOf(e.getMessage())))).build();
        }
    }

    private ObjectNode clock() {
        return Json.object().put("now", Json.timestamp(sandbox.clock().now()))
                .put("today", sandbox.clock().today().toString());
    }

    private ObjectNode moveClock(JsonNode body) {
        String advance = Json.text(body, "advance", null);
        String set = Json.text(body, "set", null);
        if (advance != null) {
            if (advance.contains("T")) {
                sandbox.clock().advance(Duration.parse(advance));
            } else {
                sandbox.clock().advance(Period.parse(advance));
            }
        } else if (set != null) {
            if (set.length() == 10) {
                sandbox.clock().set(LocalDate.parse(set));
            } else {
                sandbox.clock().set(Instant.parse(set));
            }
        }
        return clock();
    }

    private ArrayNode journal(Map<String, List<String>> query) {
        String method = first(query, "method");
        String path = first(query, "path");
        ArrayNode result = Json.array();
        for (JournalEntry entry : sandbox.journal().find(method, path)) {
            ObjectNode node = result.addObject().put("sequence", entry.sequence())
                    .put("received_at", Json.timestamp(entry.receivedAt()))
                    .put("sandbox_time", Json.timestamp(entry.sandboxTime()))
                    .put("method", entry.method()).put("path", entry.path())
                    .put("status", entry.status()).put("fault", entry.fault()).put("body", entry.body());
            node.set("query", Json.MAPPER.valueToTree(entry.query()));
        }
        return result;
    }

    private ArrayNode faults() {
        ArrayNode result = Json.array();
        for (FaultRule rule : sandbox.faults().rules()) {
            result.addObject().put("method", rule.method()).put("path", rule.pathRegex())
                    .put("kind", rule.kind().name()).put("status", rule.status())
                    .put("delay_ms", rule.delay().toMillis())
                    .put("retry_after_seconds", rule.retryAfter() == null ? null : rule.retryAfter().toSeconds())
                    .put("times", rule.times()).put("probability", rule.probability());
        }
        return result;
    }

    private static FaultRule fault(JsonNode body) {
        FaultRule rule = FaultRule.on(Json.text(body, "method", null), Json.text(body, "path", ".*"));
        FaultRule.Kind kind = FaultRule.Kind.valueOf(Json.text(body, "kind", "STATUS").toUpperCase());
        rule = switch (kind) {
            case DELAY -> rule.delay(Duration.ofMillis(body.path("delay_ms").asLong(1000)));
            case STATUS -> rule.status(body.path("status").asInt(500));
            case TOO_MANY_REQUESTS -> body.has("retry_after_seconds")
                    ? rule.tooManyRequests(Duration.ofSeconds(body.get("retry_after_seconds").asLong()))
                    : rule.tooManyRequests();
            case CONNECTION_RESET -> rule.connectionReset();
            case EMPTY_RESPONSE -> rule.emptyResponse();
            case MALFORMED_BODY -> rule.malformedBody();
            case MALFORMED_CHUNK -> rule.malformedChunk();
            case RANDOM_DATA_THEN_CLOSE -> rule.randomDataThenClose();
        };
        return rule.times(body.path("times").asInt(0)).withProbability(body.path("probability").asDouble(1.0));
    }

    private ResponseDefinition pdf(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String document = "%PDF-1.4\n% Ordway sandbox document " + name + "\n%%EOF\n";
        return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/pdf").withBody(document).build();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
