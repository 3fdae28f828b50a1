package io.revloop.ordway;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The first step of the {@code ordway-api} route, which every Ordway call passes: waits for a rate-limit slot and sets
 * the four auth headers. A 429 or 5xx answer is classified by the worker's FailureClassifier (Retry-After honoured).
 */
@Component("ordwayRequest")
public class OrdwayRequest implements Processor {

    private final OrdwayProperties properties;
    private final OrdwayRateLimiter limiter;

    public OrdwayRequest(OrdwayProperties properties, OrdwayRateLimiter limiter) {
        this.properties = properties;
        this.limiter = limiter;
    }

    @Override
    public void process(Exchange exchange) {
        limiter.acquire();
        var m = exchange.getMessage();
        m.setHeader("X-API-KEY", properties.apiKey());
        m.setHeader("X-User-Company", properties.company());
        m.setHeader("X-User-Email", properties.userEmail());
        m.setHeader("X-User-Token", properties.userToken());
        m.setHeader("Accept", "application/json");
    }
}
