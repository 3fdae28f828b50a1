package io.revloop.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.inbox.InboxHeaders;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Turns an Ordway 4xx answer into the permanent-failure message a dead letter shows: which record, which target
 * field (the first document field Ordway's message names) and Ordway's own words. Ordway answers
 * {@code {"errors":{"details":{"message":"..."}}}} for validation errors.
 */
@Component("ordwayRejection")
public class OrdwayRejection {

    static final int MAX_DETAIL = 500;

    private final ObjectMapper mapper;

    public OrdwayRejection(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * In a {@code doCatch} of {@link HttpOperationFailedException}: the record comes from the inbox headers, the
     * fields from the JSON body that was being sent.
     */
    public String describe(Exchange exchange) {
        HttpOperationFailedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                HttpOperationFailedException.class);
        String record = exchange.getMessage().getHeader(InboxHeaders.ENTITY, "record", String.class) + " "
                + exchange.getMessage().getHeader(InboxHeaders.RECORD_ID, "", String.class);
        String resource = exchange.getMessage().getHeader(OrdwayFindOrCreate.RESOURCE, "record", String.class);
        List<String> fields = new ArrayList<>();
        try {
            mapper.readTree(exchange.getMessage().getBody(String.class)).fieldNames().forEachRemaining(fields::add);
        } catch (Exception notJson) {
            // no field list: the message says so
        }
        return describe(e == null ? 0 : e.getStatusCode(), e == null ? null : e.getResponseBody(), resource,
                record.strip(), fields);
    }

    /**
     * @param status       HTTP status Ordway answered
     * @param responseBody Ordway's answer, may be null or not JSON
     * @param resource     e.g. {@code customers}
     * @param record       the source record, e.g. {@code Account 001...}
     * @param fields       the fields revloop sent, to find the one Ordway complains about
     */
    public String describe(int status, String responseBody, String resource, String record,
            Collection<String> fields) {
        String detail = detail(responseBody);
        String field = fields.stream().filter(f -> mentions(detail, f)).findFirst().orElse("(not named by Ordway)");
        return "Ordway rejected " + resource + " of " + record + " (HTTP " + status + "), field " + field + ": "
                + detail;
    }

    private String detail(String body) {
        if (body == null || body.isBlank()) {
            return "no details";
        }
        String text;
        try {
            JsonNode json = mapper.readTree(body);
            JsonNode message = json.at("/errors/details/message");
            if (message.isMissingNode()) {
                message = json.has("message") ? json.get("message") : json.path("errors");
            }
            text = message.isTextual() ? message.textValue() : message.toString();
        } catch (Exception notJson) {
            text = body;
        }
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
    }

    private static boolean mentions(String detail, String field) {
        String d = detail.toLowerCase(Locale.ROOT);
        return d.contains(field.toLowerCase(Locale.ROOT)) || d.contains(field.replace('_', ' ').toLowerCase(Locale.ROOT));
    }
}
