package io.revloop.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the Salesforce component (and so logs in) on one thread while the Camel context starts, before any route or
 * inbox worker can use it.
 *
 * <p>Camel 4.17 puts an auto-created component in its registry before starting it, and hands it to every other caller
 * at once. When two inbox workers made the first Salesforce calls together, the second used the component while the
 * first was still starting it: either its producer failed ({@code FailedToCreateProducerException}, retried), or it
 * sent its login while the first was still starting the Jetty client. That login never answered nor timed out, and
 * both workers waited on the session's lock for good ({@code BillingRestartE2ETest}: every full-suite run on two
 * cores, about one run in seven alone under load).
 *
 * <p>When Salesforce cannot be reached, the failed component is removed with a warning: events wait in the inbox with
 * backoff, and the first flow to call Salesforce afterwards creates the component again. A route that consumes from
 * Salesforce, such as the CDC intake, still needs it at start.
 */
@Component
public class SalesforceComponentStarter extends EventNotifierSupport {

    static final String COMPONENT = "salesforce";
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceComponentStarter.class);

    public SalesforceComponentStarter() {
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        start(((CamelEvent.CamelContextStartingEvent) event).getContext());
    }

    static void start(CamelContext camel) {
        var component = camel.getComponent(COMPONENT, true, false);
        try {
            ServiceHelper.startService(component);
        } catch (RuntimeException e) {
            LOG.warn("Salesforce could not be reached at start ({}); events wait in the inbox and the first flow to"
                    + " call Salesforce connects again", rootMessage(e));
            ServiceHelper.stopService(component);
            camel.removeComponent(COMPONENT);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
