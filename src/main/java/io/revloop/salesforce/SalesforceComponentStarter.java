package io.revloop.salesforce;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Salesforce component (and so logs in) on one thread while the Camel context starts, before any route or
 * inbox worker can use it.
 *
 * <p>Camel 4.17 puts an auto-created component in its registry before starting it, and hands it to every other caller
 * at once. When two inbox workers made the first Salesforce calls together, the second used the component while the
 * first was still starting it: either its producer failed ({@code FailedToCreateProducerException}, retried), or it
 * sent its login on the Jetty client before the client had started, which never answered nor timed out, and both
 * workers then waited on the session's lock for good ({@code BillingRestartE2ETest} under load, about one run in
 * seven alone and every run of the full suite on two cores).
 *
 * <p>When Salesforce cannot be reached, the failed component is removed with a warning and revloop starts anyway:
 * events wait in the inbox with backoff, and the first flow to call Salesforce afterwards creates the component
 * again. Routes that consume from Salesforce still fail their own start, as before.
 */
@org.springframework.stereotype.Component
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

    /** True when the component started; false when it could not and was removed. */
    static boolean start(CamelContext camel) {
        Component component = camel.getComponent(COMPONENT, true, false);
        try {
            ServiceHelper.startService(component);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Salesforce could not be reached at start ({}); events wait in the inbox and the first flow to"
                    + " call Salesforce connects again", rootMessage(e));
            ServiceHelper.stopService(component);
            camel.removeComponent(COMPONENT);
            return false;
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
