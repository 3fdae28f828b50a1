package io.revloop.inbox;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** Logs each in-memory redelivery of the shared error policy with the event's correlation id, never the body. */
@Component("syncRedeliveryLogger")
public class RedeliveryLogger implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RedeliveryLogger.class);

    @Override
    public void process(Exchange exchange) {
        String correlationId = exchange.getMessage().getHeader(InboxHeaders.CORRELATION_ID, String.class);
        String previous = MDC.get(InboxHeaders.MDC_CORRELATION_ID);
        if (correlationId != null) {
            MDC.put(InboxHeaders.MDC_CORRELATION_ID, correlationId);
        }
        try {
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            LOG.warn("Redelivery {} of inbox event {} in route {} after {}",
                    exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER),
                    exchange.getMessage().getHeader(InboxHeaders.INBOX_ID), exchange.getFromRouteId(),
                    cause == null ? "?" : cause.getClass().getSimpleName());
        } finally {
            if (previous == null) {
                MDC.remove(InboxHeaders.MDC_CORRELATION_ID);
            } else {
                MDC.put(InboxHeaders.MDC_CORRELATION_ID, previous);
            }
        }
    }
}
