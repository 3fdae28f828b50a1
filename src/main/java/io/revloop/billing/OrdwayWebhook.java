package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Ordway webhook receiver. Ordway signs nothing, so the webhook is configured in Ordway with a static header
 * {@code X-Revloop-Webhook-Secret}; anything without it is refused (401). The body is only a hint: the object is
 * re-read from the API and goes through the same intake as the pollers, so a forged or stale body changes nothing.
 * Accepts a bare resource or an {@code {object, action, record}} envelope.
 */
@Component("ordwayWebhook")
public class OrdwayWebhook {

    static final String SECRET_HEADER = "X-Revloop-Webhook-Secret";

    private final byte[] secret;
    private final OrdwayReader ordway;
    private final BillingIntake intake;
    private final ObjectMapper mapper;

    OrdwayWebhook(BillingProperties properties, OrdwayReader ordway, BillingIntake intake, ObjectMapper mapper) {
        this.secret = properties.webhook().secret().getBytes(StandardCharsets.UTF_8);
        this.ordway = ordway;
        this.intake = intake;
        this.mapper = mapper;
    }

    public void receive(Exchange exchange) throws Exception {
        var m = exchange.getMessage();
        String given = m.getHeader(SECRET_HEADER, String.class);
        m.removeHeaders("*");
        if (secret.length == 0) {
            reply(exchange, 404, "{\"error\":\"webhook receiver not configured\"}");
            return;
        }
        if (given == null || !MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            reply(exchange, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        JsonNode body = mapper.readTree(m.getBody(String.class));
        JsonNode record = body.has("record") ? body.get("record") : body;
        String object = body.path("object").asText("");
        String id = record.path("id").asText("");
        String resource = object.equalsIgnoreCase("Invoice") || id.startsWith("INV-") ? "invoices"
                : object.equalsIgnoreCase("Payment") || id.startsWith("PMT-") ? "payments" : null;
        if (resource == null || !id.matches("[A-Za-z0-9_-]{1,32}")) {
            reply(exchange, 202, "{\"stored\":false,\"reason\":\"not an invoice or payment\"}");
            return;
        }
        JsonNode current = ordway.get(resource + "/" + id, null);
        boolean stored = intake.store(resource, current);
        reply(exchange, 202, "{\"stored\":" + stored + "}");
    }

    private static void reply(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(body);
    }
}
