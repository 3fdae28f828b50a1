package io.revloop.salesforce;

import io.revloop.observability.FlowMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.revloop.inbox.InboxStore;
import io.revloop.inbox.NewInboxEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores each received change event before it counts as received: one inbox row per record id and the channel
 * checkpoint, in one transaction. Events no flow wants only advance the checkpoint.
 *
 * <p>After a failed store every later event is refused until the intake route restarts: the camel-salesforce
 * consumer has already moved its in-memory replay id past the failed event, so only a resubscribe from the stored
 * checkpoint brings it back.
 */
@Component("cdcIntake")
public class CdcIntake {

    public static final String SOURCE = "salesforce";
    public static final String GAP_FLOW = "salesforce-gap-resync";
    static final String GAP_OVERFLOW = "GAP_OVERFLOW";

    private static final Logger LOG = LoggerFactory.getLogger(CdcIntake.class);

    private final ObjectMapper mapper;
    private final InboxStore inbox;
    private final CheckpointStore checkpoints;
    private final RoutingTable routing;
    private final EchoGuard echo;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final FlowMetrics flowMetrics;
    private final Map<String, Long> resumeAfter = new ConcurrentHashMap<>();
    private volatile String failedChannel;
    private volatile Instant lastStoredAt;
    private volatile Instant lastCommitTimestamp;

    public CdcIntake(ObjectMapper mapper, InboxStore inbox, CheckpointStore checkpoints, RoutingTable routing,
            EchoGuard echo, TransactionTemplate tx, Clock clock, MeterRegistry meters, FlowMetrics flowMetrics) {
        this.mapper = mapper;
        this.inbox = inbox;
        this.checkpoints = checkpoints;
        this.routing = routing;
        this.echo = echo;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.flowMetrics = flowMetrics;
    }

    /** The outcome of storing one Bayeux message. */
    public record Stored(String channel, long replayId, int queued, int skipped) {
    }

    /** Stores one raw Bayeux message (camel-salesforce {@code rawPayload=true}). */
    public Stored store(String rawMessage) throws Exception {
        JsonNode message = mapper.readTree(rawMessage);
        String channel = message.path("channel").asText();
        if (failedChannel != null) {
            throw new IllegalStateException("CDC intake on " + failedChannel
                    + " is waiting for a resubscribe from its checkpoint");
        }
        try {
            Stored stored = storeInTransaction(message, channel);
            meters.counter("revloop.cdc.received", "channel", channel).increment();
            return stored;
        } catch (RuntimeException e) {
            failedChannel = channel;
            LOG.error("Storing change event of {} failed ({}); intake halts until resubscribed from checkpoint",
                    channel, e.toString());
            throw e;
        }
    }

    private Stored storeInTransaction(JsonNode message, String channel) {
        JsonNode data = message.path("data");
        long replayId = data.path("event").path("replayId").asLong();
        JsonNode payload = data.path("payload");
        JsonNode header = payload.path("ChangeEventHeader");
        String entity = header.path("entityName").asText();
        String changeType = header.path("changeType").asText();
        String transactionKey = header.path("transactionKey").asText();
        long sequence = header.path("sequenceNumber").asLong();
        Instant commit = header.hasNonNull("commitTimestamp")
                ? Instant.ofEpochMilli(header.path("commitTimestamp").asLong()) : null;
        String commitUser = header.path("commitUser").asText(null);
        List<String> changed = new ArrayList<>();
        header.path("changedFields").forEach(f -> changed.add(f.asText()));
        List<String> recordIds = new ArrayList<>();
        header.path("recordIds").forEach(r -> recordIds.add(r.asText()));
        String raw = message.toString();

        Instant now = clock.instant();
        int[] counts = new int[2];
        List<String> queuedFlows = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            for (NewInboxEvent e : toInboxEvents(entity, changeType, transactionKey, sequence, commit, commitUser,
                    changed, recordIds, payload, raw)) {
                if (inbox.insertIfAbsent(e, now)) {
                    counts[0]++;
                    queuedFlows.add(e.flow());
                }
            }
            counts[1] = Math.max(0, recordIds.size() - counts[0]);
            checkpoints.save(channel, replayId, commit, now);
        });
        queuedFlows.forEach(flowMetrics::received);
        resumeAfter.put(channel, replayId);
        lastStoredAt = now;
        lastCommitTimestamp = commit;
        LOG.debug("Stored {} {} change {} on {} (replay {}): {} queued", entity, changeType, transactionKey,
                channel, replayId, counts[0]);
        return new Stored(channel, replayId, counts[0], counts[1]);
    }

    private List<NewInboxEvent> toInboxEvents(String entity, String changeType, String transactionKey,
            long sequence, Instant commit, String commitUser, List<String> changed, List<String> recordIds,
            JsonNode payload, String raw) {
        List<NewInboxEvent> out = new ArrayList<>();
        if (changeType.startsWith("GAP_")) {
            var priority = routing.priorityOf(entity);
            if (priority.isEmpty()) {
                return out;
            }
            // An overflow names no records: the whole entity is re-read from the commit time.
            List<String> ids = GAP_OVERFLOW.equals(changeType) || recordIds.isEmpty() ? List.of("*") : recordIds;
            for (String id : ids) {
                out.add(event(key(transactionKey, sequence, id), GAP_FLOW, entity, id, changeType,
                        priority.getAsInt(), raw, commit));
            }
            return out;
        }
        for (String recordId : recordIds) {
            Optional<RoutingTable.Target> target = routing.route(entity, changeType, changed, payload);
            if (target.isEmpty()) {
                continue;
            }
            if (echo.isEcho(commitUser, entity, recordId, changed, payload)) {
                LOG.debug("Change {} of {} {} is revloop's own write; not queued", transactionKey, entity, recordId);
                meters.counter("revloop.cdc.echoes", "entity", entity).increment();
                continue;
            }
            out.add(event(key(transactionKey, sequence, recordId), target.get().flow(), entity, recordId,
                    changeType, target.get().priority(), raw, commit));
        }
        return out;
    }

    static String key(String transactionKey, long sequence, String recordId) {
        return "cdc:" + transactionKey + ":" + sequence + ":" + recordId;
    }

    static NewInboxEvent event(String key, String flow, String entity, String recordId, String changeType,
            int priority, String payload, Instant sourceTimestamp) {
        // Derived from the key, so a replayed or resynced copy carries the same correlation id.
        String correlationId = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return new NewInboxEvent(SOURCE, key, flow, entity, recordId, changeType, priority, payload, correlationId,
                sourceTimestamp);
    }

    /**
     * Refuses every later event of {@code channel} until the intake route restarts: events the client lost before
     * them must not be skipped by a checkpoint that moves past them.
     */
    public void halt(String channel, String reason) {
        failedChannel = channel;
        LOG.warn("CDC intake on {} halts until resubscribed from its checkpoint: {}", channel, reason);
    }

    /** Called when the intake route (re)subscribes to {@code channel} after {@code replayId}. */
    public void resumed(String channel, long replayId) {
        resumeAfter.put(channel, replayId);
        failedChannel = null;
    }

    /**
     * The replay id every subscribe to {@code channel} must send: the last stored event's, or where the route last
     * resumed. Never camel-salesforce's "last received", which moves before the event is stored.
     */
    public OptionalLong resumeAfter(String channel) {
        Long replayId = resumeAfter.get(channel);
        return replayId == null ? OptionalLong.empty() : OptionalLong.of(replayId);
    }

    public boolean isHalted() {
        return failedChannel != null;
    }

    public Instant getLastStoredAt() {
        return lastStoredAt;
    }

    public Instant getLastCommitTimestamp() {
        return lastCommitTimestamp;
    }
}
