package io.revloop.sandbox.salesforce;

import io.revloop.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Salesforce's Bayeux dialect, checked byte for byte with hand-made requests. */
class CometdStreamingProtocolTest {

    private static final String ACCOUNTS = "/data/AccountChangeEvent";
    private static final String ALL = "/data/ChangeEvents";
    private static final String INVALID_REPLAY = "400::The replayId {%d} you provided was invalid.  Please provide a "
            + "valid ID, -2 to replay all events, or -1 to replay only new events.";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private StreamingTestServer server;
    private RawBayeux client;

    @BeforeEach
    void start() throws Exception {
        server = new StreamingTestServer(StreamingSettings.forTests(clock).withConnectTimeout(Duration.ofSeconds(2)));
        client = new RawBayeux(server.baseUrl(), "62.0", server.tokens().issue());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void handshakeAdvertisesTheReplayExtensionAndSetsTheBrowserCookie() {
        RawBayeux.Reply reply = client.handshake();

        assertThat(reply.status()).isEqualTo(200);
        Map<String, Object> handshake = reply.meta("/meta/handshake");
        assertThat(handshake).containsEntry("successful", true).containsEntry("version", "1.0")
                .containsEntry("supportedConnectionTypes", List.of("long-polling"))
                .containsEntry("ext", Map.of("replay", true, "payload.format", true));
        assertThat((String) handshake.get("clientId")).isNotBlank();
        assertThat(reply.http().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("BAYEUX_BROWSER="));
    }

    @Test
    void aBearerTokenIsAcceptedToo() {
        client.scheme("Bearer");

        assertThat(client.handshake().meta("/meta/handshake")).containsEntry("successful", true);
    }

    @Test
    void handshakeWithAnInvalidTokenIsDeniedWithTheFailureReasonInsideAnHttp200() {
        client.token("00D000000000001!revoked");

        RawBayeux.Reply reply = client.handshake();

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.meta("/meta/handshake")).containsEntry("successful", false)
                .containsEntry("error", "403::Handshake denied")
                .containsEntry("ext", Map.of("sfdc", Map.of("failureReason", "401::Authentication invalid")))
                .containsEntry("advice", Map.of("reconnect", "none"));
    }

    @Test
    void handshakeWithoutAnApiVersionInThePathFails() {
        RawBayeux unversioned = new RawBayeux(server.baseUrl(), "", server.tokens().issue());

        RawBayeux.Reply reply = unversioned.post("handshake", Map.of("channel", "/meta/handshake", "version", "1.0",
                "supportedConnectionTypes", List.of("long-polling")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.meta("/meta/handshake"))
                .containsEntry("error", "400::API version in the URI is mandatory. URI format: '/cometd/60.0'");
    }

    @Test
    void aNewOnlySubscriberReceivesEachChangeOnBothChannelsWithItsOwnReplayId() {
        subscribed(ACCOUNTS, -1L);
        assertThat(client.subscribe(ALL, Map.of(ACCOUNTS, -1L, ALL, -1L)).meta("/meta/subscribe"))
                .containsEntry("successful", true).containsEntry("subscription", ALL);

        server.change("Account", "001000000000001AAA", "UPDATE",
                Map.of("Phone", "555-0100", "LastModifiedDate", "2026-11-23T10:00:00.000Z"),
                List.of("Phone", "Fax", "LastModifiedDate"), List.of("Fax"));
        List<Map<String, Object>> events = client.connect().events();

        assertThat(events).extracting(e -> e.get("channel")).containsExactlyInAnyOrder(ACCOUNTS, ALL);
        Map<String, Object> data = data(events.stream().filter(e -> ACCOUNTS.equals(e.get("channel"))).findFirst()
                .orElseThrow());
        assertThat(data).containsOnlyKeys("schema", "payload", "event");
        assertThat((String) data.get("schema")).hasSize(22);
        Map<String, Object> payload = map(data.get("payload"));
        assertThat(payload).containsOnlyKeys("ChangeEventHeader", "Phone", "LastModifiedDate", "Fax")
                .containsEntry("Phone", "555-0100").containsEntry("Fax", null);
        assertThat(map(payload.get("ChangeEventHeader")))
                .containsEntry("entityName", "Account")
                .containsEntry("recordIds", List.of("001000000000001AAA"))
                .containsEntry("changeType", "UPDATE")
                .containsEntry("changeOrigin", "com/salesforce/api/rest/62.0;client=revloop")
                .containsEntry("sequenceNumber", 1)
                .containsEntry("commitUser", StreamingTestServer.USER_ID)
                .containsEntry("changedFields", List.of("Phone", "Fax", "LastModifiedDate"))
                .containsEntry("nulledFields", List.of("Fax"))
                .containsEntry("diffFields", List.of())
                .containsKeys("transactionKey", "commitTimestamp", "commitNumber");
        List<Long> replayIds = events.stream().map(e -> replayId(e)).toList();
        assertThat(replayIds).doesNotHaveDuplicates();
        assertThat(server.streaming().latestReplayId(ACCOUNTS)).contains(replayIds.get(
                events.get(0).get("channel").equals(ACCOUNTS) ? 0 : 1));
    }

    @Test
    void deleteCarriesOnlyTheHeaderAndCustomObjectsHaveTheirOwnChannel() {
        subscribed("/data/Ordway_Invoice__ChangeEvent", -1L);

        server.change("Ordway_Invoice__c", "a00000000000001AAA", "DELETE", Map.of("Name", "INV-1"), List.of(),
                List.of());
        Map<String, Object> event = client.connect().events().get(0);

        assertThat(event).containsEntry("channel", "/data/Ordway_Invoice__ChangeEvent");
        assertThat(map(data(event).get("payload"))).containsOnlyKeys("ChangeEventHeader");
    }

    @Test
    void replayAllReturnsEveryRetainedEventAfterTheSubscribeReply() {
        long first = created("001000000000001AAA");
        long second = created("001000000000002AAA");
        handshakeAndConnect();
        CompletableFuture<RawBayeux.Reply> pendingConnect = client.connectAsync();

        RawBayeux.Reply subscribe = client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, -2L));

        assertThat(subscribe.meta("/meta/subscribe")).containsEntry("successful", true);
        assertThat(subscribe.events()).isEmpty();
        assertThat(pendingConnect.orTimeout(5, TimeUnit.SECONDS).join().events())
                .extracting(RawBayeux.Reply::replayIdOf).containsExactly(first, second);
    }

    @Test
    void replayFromAnIdReturnsOnlyLaterEvents() {
        long first = created("001000000000001AAA");
        long second = created("001000000000002AAA");
        long third = created("001000000000003AAA");

        subscribed(ACCOUNTS, first);

        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf).containsExactly(second, third);
    }

    @Test
    void anIdOutsideTheRetainedRangeFailsWithSalesforcesTextAndEchoesTheSubscription() {
        long only = created("001000000000001AAA");
        handshakeAndConnect();

        for (long invalid : List.of(only + 1000, only - 1, -3L)) {
            Map<String, Object> reply = client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, invalid)).meta("/meta/subscribe");

            assertThat(reply).containsEntry("successful", false).containsEntry("subscription", ACCOUNTS)
                    .containsEntry("error", INVALID_REPLAY.formatted(invalid));
        }
    }

    @Test
    void anUnknownChannelFailsWithSalesforcesText() {
        handshakeAndConnect();

        Map<String, Object> reply = client.subscribe("/data/UserChangeEvent", Map.of()).meta("/meta/subscribe");

        assertThat(reply).containsEntry("successful", false).containsEntry("subscription", "/data/UserChangeEvent")
                .containsEntry("error",
                        "400::The channel you requested to subscribe to does not exist {/data/UserChangeEvent}");
    }

    @Test
    void eventsOlderThanTheRetentionWindowCannotBeReplayed() {
        long old = created("001000000000001AAA");
        clock.advance(Duration.ofHours(71));
        long recent = created("001000000000002AAA");
        clock.advance(Duration.ofHours(2));
        handshakeAndConnect();

        assertThat(client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, old)).meta("/meta/subscribe"))
                .containsEntry("error", INVALID_REPLAY.formatted(old));
        assertThat(client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, -2L)).meta("/meta/subscribe"))
                .containsEntry("successful", true);
        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf).containsExactly(recent);
    }

    @Test
    void expiringEventsInvalidatesAStoredReplayId() {
        long stored = created("001000000000001AAA");
        server.streaming().faults().expireEvents();
        handshakeAndConnect();

        assertThat(client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, stored)).meta("/meta/subscribe"))
                .containsEntry("error", INVALID_REPLAY.formatted(stored));
    }

    @Test
    void aDroppedSessionGetsUnknownClientOnItsPendingAndLaterRequests() {
        subscribed(ACCOUNTS, -1L);
        CompletableFuture<RawBayeux.Reply> pendingConnect = client.connectAsync();

        assertThat(server.streaming().faults().dropSessions()).isEqualTo(1);

        RawBayeux.Reply connect = pendingConnect.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(connect.status()).isEqualTo(200);
        assertThat(connect.meta("/meta/connect")).containsEntry("successful", false)
                .containsEntry("error", "403::Unknown client")
                .containsEntry("advice", Map.of("reconnect", "handshake", "interval", 0));
        assertThat(client.connect().meta("/meta/connect")).containsEntry("error", "403::Unknown client")
                .containsEntry("advice", Map.of("reconnect", "handshake", "interval", 0));
        assertThat(client.subscribe(ACCOUNTS, Map.of()).meta("/meta/subscribe"))
                .containsEntry("error", "403::Unknown client").containsEntry("subscription", ACCOUNTS);
    }

    @Test
    void anExpiredTokenEndsThePendingLongPollWithAuthenticationInvalid() {
        subscribed(ACCOUNTS, -1L);
        CompletableFuture<RawBayeux.Reply> pendingConnect = client.connectAsync();

        server.tokens().expireAll();

        RawBayeux.Reply connect = pendingConnect.orTimeout(5, TimeUnit.SECONDS).join();
        assertThat(connect.status()).isEqualTo(200);
        assertThat(connect.meta("/meta/connect")).containsEntry("successful", false)
                .containsEntry("error", "401::Authentication invalid")
                .containsEntry("advice", Map.of("reconnect", "none", "interval", 0));
    }

    @Test
    void aConnectWithAnExpiredTokenFailsWithAuthenticationInvalidNeverHttp401() {
        subscribed(ACCOUNTS, -1L);
        server.tokens().expireAll();

        RawBayeux.Reply connect = client.connect();

        assertThat(connect.status()).isEqualTo(200);
        assertThat(connect.meta("/meta/connect")).containsEntry("successful", false)
                .containsEntry("clientId", client.clientId())
                .containsEntry("error", "401::Authentication invalid")
                .containsEntry("advice", Map.of("reconnect", "none", "interval", 0));
    }

    @Test
    void aBusyServerFailsTheNextSubscribeWithATemporaryError() {
        handshakeAndConnect();
        server.streaming().faults().failNextSubscribes(1);

        assertThat(client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, -1L)).meta("/meta/subscribe"))
                .containsEntry("successful", false).containsEntry("subscription", ACCOUNTS)
                .containsEntry("error", "503::Server is too busy")
                .containsEntry("ext", Map.of("sfdc", Map.of("failureReason", "503::Server is too busy")));
        assertThat(client.subscribe(ACCOUNTS, Map.of(ACCOUNTS, -1L)).meta("/meta/subscribe"))
                .containsEntry("successful", true);
    }

    @Test
    void gapAndOverflowEventsCarryOnlyTheHeader() {
        subscribed(ACCOUNTS, -1L);

        server.streaming().faults().publishGap("GAP_UPDATE", "Account", List.of("001000000000001AAA"));
        server.streaming().faults().publishOverflow("Account");
        List<Map<String, Object>> events = client.connect().events();

        assertThat(events).hasSize(2).allSatisfy(e ->
                assertThat(map(data(e).get("payload"))).containsOnlyKeys("ChangeEventHeader"));
        assertThat(events).extracting(e -> header(e).get("changeType")).containsExactly("GAP_UPDATE", "GAP_OVERFLOW");
        assertThat(header(events.get(0))).containsEntry("recordIds", List.of("001000000000001AAA"));
        assertThat(header(events.get(1))).containsEntry("recordIds", List.of());
    }

    @Test
    void drillsCanRedeliverAndSwapEvents() {
        subscribed(ACCOUNTS, -1L);
        long first = created("001000000000001AAA");
        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf).containsExactly(first);

        server.streaming().faults().redeliver(ACCOUNTS, first);
        server.streaming().faults().swapNextTwoEvents();
        long second = created("001000000000002AAA");
        long third = created("001000000000003AAA");

        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf)
                .containsExactly(first, third, second);
    }

    @Test
    void resettingTheFaultsDeliversAnEventHeldForASwap() {
        subscribed(ACCOUNTS, -1L);
        server.streaming().faults().swapNextTwoEvents();
        long held = created("001000000000001AAA");

        server.streaming().faults().reset();

        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf).containsExactly(held);
    }

    @Test
    void connectRepliesCanBeDelayed() {
        subscribed(ACCOUNTS, -1L);
        server.streaming().faults().delayConnectReplies(Duration.ofMillis(1500));
        created("001000000000001AAA");

        long started = System.nanoTime();
        assertThat(client.connect().events()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void wakingConnectsAnswersPendingLongPollsAtOnce() {
        subscribed(ACCOUNTS, -1L);
        CompletableFuture<RawBayeux.Reply> pendingConnect = client.connectAsync();

        // Well within the 2 s connect timeout; waking again covers a poll that was not yet suspended.
        await().atMost(Duration.ofSeconds(1)).until(() -> {
            server.streaming().faults().wakeConnects();
            return pendingConnect.isDone();
        });

        assertThat(pendingConnect.join().meta("/meta/connect")).containsEntry("successful", true);
    }

    @Test
    void anIdleLongPollIsHeldForTheConnectTimeout() {
        subscribed(ACCOUNTS, -1L);

        long started = System.nanoTime();
        RawBayeux.Reply connect = client.connect();

        assertThat(connect.meta("/meta/connect")).containsEntry("successful", true);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void storedEventsSurviveARestartOfTheServer() throws Exception {
        long stored = created("001000000000001AAA");
        server.close();
        server = new StreamingTestServer(server.streaming());
        client = new RawBayeux(server.baseUrl(), "62.0", server.tokens().issue());

        subscribed(ACCOUNTS, -2L);

        assertThat(client.connect().events()).extracting(RawBayeux.Reply::replayIdOf).containsExactly(stored);
    }

    private void handshakeAndConnect() {
        assertThat(client.handshake().meta("/meta/handshake")).containsEntry("successful", true);
        Map<String, Object> connect = client.firstConnect().meta("/meta/connect");
        assertThat(connect).containsEntry("successful", true);
    }

    private void subscribed(String channel, long replayId) {
        handshakeAndConnect();
        assertThat(client.subscribe(channel, Map.of(channel, replayId)).meta("/meta/subscribe"))
                .containsEntry("successful", true).containsEntry("subscription", channel);
    }

    private long created(String recordId) {
        server.change("Account", recordId, "CREATE", Map.of("Name", "Acme " + recordId), List.of(), List.of());
        return server.streaming().latestReplayId(ACCOUNTS).orElseThrow();
    }

    private static long replayId(Map<String, Object> event) {
        return RawBayeux.Reply.replayIdOf(event);
    }

    private static Map<String, Object> header(Map<String, Object> event) {
        return map(map(data(event).get("payload")).get("ChangeEventHeader"));
    }

    private static Map<String, Object> data(Map<String, Object> event) {
        return map(event.get("data"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
