package io.revloop.sandbox.salesforce;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** The Streaming API half of the sandbox: mounts {@code /cometd/*} and publishes the org's change events. */
public interface StreamingEndpoint extends ChangeEventSink {

    /** Called once, before the server starts. */
    void install(ServletContextHandler context, AccessTokens tokens);

    /** Called when the sandbox stops. */
    void stop();
}
