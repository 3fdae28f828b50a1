package io.revloop.sandbox.salesforce;

import io.revloop.testing.MutableClock;
import java.time.Instant;

/** The Camel consumer against the Streaming API alone, on a minimal Jetty server. */
class CamelStreamingConsumerTest extends CamelStreamingContract {

    @Override
    StreamingOrg startOrg() throws Exception {
        return new StreamingTestServer(StreamingSettings.forTests(new MutableClock(Instant.now())));
    }
}
