package io.revloop.ordway;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** Ordway calls from Java code, through the {@code ordway-api} route (routes/ordway-api.camel.yaml). */
@Component
public class OrdwayClient {

    private final ProducerTemplate template;

    public OrdwayClient(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * One call; the answer, or the failure in {@link Exchange#getException()}, is in the returned exchange.
     *
     * @param path  resource path below the base URL, such as {@code /customers/C-00001}
     * @param query encoded query string, or null
     * @param body  JSON body, or null
     */
    public Exchange call(String method, String path, String query, String body) {
        return template.request("direct:ordway-api", ex -> {
            var m = ex.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, method);
            m.setHeader(Exchange.HTTP_PATH, path);
            m.setHeader(Exchange.HTTP_QUERY, query);
            if (body != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
            }
            m.setBody(body);
        });
    }
}
