package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revloop.ordway.OrdwayClient;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** GETs against the Ordway API, answered as JSON. */
@Component
class OrdwayReader {

    private final OrdwayClient ordway;
    private final ObjectMapper mapper;

    OrdwayReader(OrdwayClient ordway, ObjectMapper mapper) {
        this.ordway = ordway;
        this.mapper = mapper;
    }

    /** {@code path} is a resource path such as {@code invoices/INV-00001}; {@code query} is already encoded. */
    JsonNode get(String path, String query) throws Exception {
        Exchange result = ordway.call("GET", "/" + path, query, null);
        if (result.getException() != null) {
            throw result.getException();
        }
        JsonNode body = mapper.readTree(result.getMessage().getBody(String.class));
        // A GET by id occasionally answers a one-element array.
        return body.isArray() && query == null && body.size() == 1 ? body.get(0) : body;
    }
}
