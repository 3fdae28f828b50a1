package io.revloop.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.component.salesforce.internal.streaming.ReplayExtension;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.Promise;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.common.HashMapMessage;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/** The replay id a CDC subscribe sends, through CometD's own chain of outgoing extensions. */
class StoredReplayExtensionTest {

    private static final String CHANNEL = "/data/ChangeEvents";

    @Test
    void aSubscribeStartsAfterTheLastStoredEventNotTheLastReceivedOne() throws Exception {
        ExposedClient client = new ExposedClient();
        ReplayExtension camels = camelSalesforceExtensionOn(client);
        StoredReplayExtension.install(client, CHANNEL, channel -> OptionalLong.of(40));
        // Event 42 arrived (camel-salesforce's map moves on receipt) but was never stored.
        camels.rcv(client, event(42));

        Message.Mutable subscribe = client.outgoing(subscribe(CHANNEL));

        assertThat(replayIds(subscribe)).containsEntry(CHANNEL, 40L).containsEntry("/data/OtherChangeEvent", 7L);
        Message.Mutable nextSubscribe = client.outgoing(subscribe(CHANNEL));
        assertThat(replayIds(nextSubscribe)).as("camel-salesforce's own map is left alone").containsEntry(CHANNEL, 40L);
        camels.setReplayId(CHANNEL, 50);
        assertThat(replayIds(client.outgoing(subscribe("/data/OtherChangeEvent")))).containsEntry(CHANNEL, 50L);
    }

    @Test
    void beforeAnythingIsStoredOrResumedCamelSalesforcesIdIsSent() throws Exception {
        ExposedClient client = new ExposedClient();
        ReplayExtension camels = camelSalesforceExtensionOn(client);
        StoredReplayExtension.install(client, CHANNEL, channel -> OptionalLong.empty());
        camels.rcv(client, event(42));

        assertThat(replayIds(client.outgoing(subscribe(CHANNEL)))).containsEntry(CHANNEL, 42L);
    }

    private static ReplayExtension camelSalesforceExtensionOn(ExposedClient client) {
        ReplayExtension camels = new ReplayExtension();
        client.addExtension(camels);
        camels.setReplayId("/data/OtherChangeEvent", 7);
        // Salesforce's handshake reply turns replay on.
        HashMapMessage handshake = new HashMapMessage();
        handshake.setChannel(Channel.META_HANDSHAKE);
        handshake.getExt(true).put("replay", true);
        camels.rcvMeta(client, handshake);
        return camels;
    }

    private static Message.Mutable event(long replayId) {
        HashMapMessage message = new HashMapMessage();
        message.setChannel(CHANNEL);
        message.setData(Map.of("event", Map.of("replayId", replayId)));
        return message;
    }

    private static Message.Mutable subscribe(String channel) {
        HashMapMessage message = new HashMapMessage();
        message.setChannel(Channel.META_SUBSCRIBE);
        message.put(Message.SUBSCRIPTION_FIELD, channel);
        return message;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> replayIds(Message.Mutable subscribe) {
        return (Map<String, Object>) subscribe.getExt().get("replay");
    }

    /** A client that is never connected; it only runs its outgoing extensions. */
    private static final class ExposedClient extends BayeuxClient {
        ExposedClient() {
            super("http://127.0.0.1:1/cometd/62.0", new JettyHttpClientTransport(null, new HttpClient()));
        }

        Message.Mutable outgoing(Message.Mutable message) throws Exception {
            CompletableFuture<Boolean> sent = new CompletableFuture<>();
            extendOutgoing(message, Promise.from(sent::complete, sent::completeExceptionally));
            assertThat(sent.get()).isTrue();
            return message;
        }
    }
}
