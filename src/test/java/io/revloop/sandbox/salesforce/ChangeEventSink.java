package io.revloop.sandbox.salesforce;

/** Receives every committed change of the org, in commit order. */
public interface ChangeEventSink {

    void publish(ChangeEvent event);
}
