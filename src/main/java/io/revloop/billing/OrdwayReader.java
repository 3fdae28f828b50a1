package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.ordway.OrdwayProperties;
import io.revloop.ordway.OrdwayRequest;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** GETs against the Ordway API through the shared {@code ordwayRequest} processor (rate limit, auth headers). */
@Component
class OrdwayReader {

    private final ProducerTemplate template;
    private final OrdwayRequest request;
    private final OrdwayProperties properties;
    private final ObjectMapper mapper;

    OrdwayReader(ProducerTemplate template, OrdwayRequest request, OrdwayProperties properties, ObjectMapper mapper) {
        this.template = template;
        this.request = request;
        this.properties = properties;
        this.mapper = mapper;
    }

    /** {@code path} is a resource path such as {@code invoices/INV-00001}; {@code query} is already encoded. */
    JsonNode get(String path, String query) throws Exception {
        Exchange result = template.request(properties.baseUrl() + "/" + path, ex -> {
            request.process(ex);
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            ex.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        JsonNode body = mapper.readTree(result.getMessage().getBody(String.class));
        // A GET by id occasionally answers a one-element array.
        return body.isArray() && query == null && body.size() == 1 ? body.get(0) : body;
    }
}
