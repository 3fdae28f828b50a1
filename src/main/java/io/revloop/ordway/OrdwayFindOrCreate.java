package io.revloop.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Ordway has no idempotency key, so a create first looks for the record by its business key: a retry after a lost
 * response finds the first create instead of making a second one. Used by the {@code ordway-find-or-create} route.
 *
 * <p>In: headers {@code OrdwayResource} (e.g. {@code customers}), {@code OrdwayKeyField} (a field the list
 * endpoint filters on and the create body sets), {@code OrdwayKeyValue}; body = the JSON to create.
 * Out: body = the existing or created record (JSON), header {@code OrdwayCreated} = true/false.
 */
@Component("ordwayFindOrCreate")
public class OrdwayFindOrCreate {

    public static final String RESOURCE = "OrdwayResource";
    public static final String KEY_FIELD = "OrdwayKeyField";
    public static final String KEY_VALUE = "OrdwayKeyValue";
    public static final String CREATED = "OrdwayCreated";

    private final ProducerTemplate template;
    private final OrdwayRequest request;
    private final OrdwayProperties properties;
    private final ObjectMapper mapper;

    public OrdwayFindOrCreate(ProducerTemplate template, OrdwayRequest request, OrdwayProperties properties,
            ObjectMapper mapper) {
        this.template = template;
        this.request = request;
        this.properties = properties;
        this.mapper = mapper;
    }

    public void findOrCreate(Exchange exchange) throws Exception {
        String resource = exchange.getMessage().getHeader(RESOURCE, String.class);
        String field = exchange.getMessage().getHeader(KEY_FIELD, String.class);
        String value = exchange.getMessage().getHeader(KEY_VALUE, String.class);
        if (resource == null || !resource.matches("[a-z_]+(/[A-Za-z0-9_-]+/[a-z_]+)?") || field == null
                || !field.matches("[a-z_]+") || value == null || value.isBlank()) {
            throw new IllegalArgumentException("ordway-find-or-create needs resource, key field and key value");
        }
        String url = properties.baseUrl() + "/" + resource;
        JsonNode found = call(url, "GET", URLEncoder.encode(field, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8), null);
        // The list filter is trusted only as far as its results carry the key: never match on an ignored filter.
        if (found != null && found.isArray()) {
            for (JsonNode candidate : found) {
                if (value.equals(candidate.path(field).asText(null))) {
                    exchange.getMessage().setBody(candidate.toString());
                    exchange.getMessage().setHeader(CREATED, false);
                    return;
                }
            }
        }
        JsonNode created = call(url, "POST", null, exchange.getMessage().getBody(String.class));
        exchange.getMessage().setBody(created == null ? null : created.toString());
        exchange.getMessage().setHeader(CREATED, true);
    }

    private JsonNode call(String url, String method, String query, String body) throws Exception {
        Exchange result = template.request(url, ex -> {
            request.process(ex);
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            ex.getMessage().setHeader(Exchange.HTTP_QUERY, query);
            ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            ex.getMessage().setBody(body);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        String text = result.getMessage().getBody(String.class);
        return text == null || text.isBlank() ? null : mapper.readTree(text);
    }
}
