package io.revloop.salesforce;

import org.apache.camel.component.salesforce.SalesforceEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/** Feeds the API budget from every Salesforce producer call, whichever route made it. */
@Component
public class ApiBudgetNotifier extends EventNotifierSupport {

    static final String LIMIT_INFO = "Sforce-Limit-Info";

    private final ApiBudget budget;

    public ApiBudgetNotifier(ApiBudget budget) {
        this.budget = budget;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint() instanceof SalesforceEndpoint;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.ExchangeSentEvent sent = (CamelEvent.ExchangeSentEvent) event;
        budget.onLimitInfo(sent.getExchange().getMessage().getHeader(LIMIT_INFO, String.class));
    }
}
