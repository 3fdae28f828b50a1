package io.revloop.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revloop.inbox.InboxHeaders;
import io.revloop.inbox.InboxStore;
import io.revloop.inbox.PermanentSyncException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Repairs change-capture gaps by re-reading Salesforce and feeding the records into the inbox as synthetic
 * {@code RESYNC} events. Keys are record id + SystemModstamp, so repeating a resync queues nothing new and a record
 * that changed again is queued again.
 *
 * <p>A resync itself is an inbox event (flow {@code salesforce-gap-resync}, record {@code *}, one per entity), so one
 * that fails, or whose process dies, is retried with backoff like any other event.
 */
@Component("salesforceResync")
public class SalesforceResync {

    private static final Logger LOG = LoggerFactory.getLogger(SalesforceResync.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\.[A-Za-z][A-Za-z0-9_]*)?");
    private static final Pattern RECORD_ID = Pattern.compile("[a-zA-Z0-9]{15,18}");
    private static final DateTimeFormatter SOQL_DATETIME = DateTimeFormatter.ISO_INSTANT;
    /** Change type of a queued resync: re-read the entity from the commit time in its header, less the margin. */
    static final String RESYNC_SINCE = "RESYNC_SINCE";

    private final ProducerTemplate template;
    private final ObjectMapper mapper;
    private final InboxStore inbox;
    private final RoutingTable routing;
    private final CdcProperties properties;
    private final CdcGapMonitor gaps;
    private final Clock clock;

    public SalesforceResync(ProducerTemplate template, ObjectMapper mapper, InboxStore inbox, RoutingTable routing,
            CdcProperties properties, CdcGapMonitor gaps, Clock clock) {
        this.template = template;
        this.mapper = mapper;
        this.inbox = inbox;
        this.routing = routing;
        this.properties = properties;
        this.gaps = gaps;
        this.clock = clock;
    }

    /** Queues a re-read of every routed entity changed since {@code since} less the resync margin. */
    public void queueResync(Instant since, String what) {
        Instant now = clock.instant();
        int queued = 0;
        for (String entity : routing.entities()) {
            ObjectNode msg = synthetic(entity, "*", RESYNC_SINCE, mapper.createObjectNode());
            ((ObjectNode) msg.path("data").path("payload").path("ChangeEventHeader"))
                    .put("commitTimestamp", since.toEpochMilli());
            if (inbox.insertIfAbsent(CdcIntake.event("resync:" + entity + ":since:" + since.toEpochMilli(),
                    CdcIntake.GAP_FLOW, entity, "*", RESYNC_SINCE, routing.priorityOf(entity).orElseThrow(),
                    msg.toString(), since), now)) {
                queued++;
            }
        }
        gaps.resyncQueued(what, queued);
    }

    /** Queues every record of the entity with SystemModstamp at or after {@code since}; returns new events. */
    public int resyncEntity(String entity, Instant since) throws Exception {
        String soql = select(entity) + " WHERE SystemModstamp >= "
                + SOQL_DATETIME.format(since.truncatedTo(ChronoUnit.SECONDS)) + " ORDER BY SystemModstamp, Id";
        return queryAndQueue(entity, soql);
    }

    /** Queues the current state of the given records; returns new events. */
    public int rereadRecords(String entity, List<String> recordIds) throws Exception {
        for (String id : recordIds) {
            if (!RECORD_ID.matcher(id).matches()) {
                throw new PermanentSyncException("record id of " + entity + " is not a Salesforce id: " + id);
            }
        }
        String soql = select(entity) + " WHERE Id IN ('" + String.join("','", recordIds) + "')";
        return queryAndQueue(entity, soql);
    }

    /**
     * Handler of the {@code salesforce-gap-resync} flow: a GAP_* event re-reads its record, an overflow or a queued
     * resync the entity.
     */
    public void handleGapEvent(Exchange exchange) throws Exception {
        String entity = exchange.getMessage().getHeader(InboxHeaders.ENTITY, String.class);
        String recordId = exchange.getMessage().getHeader(InboxHeaders.RECORD_ID, String.class);
        String changeType = exchange.getMessage().getHeader(InboxHeaders.CHANGE_TYPE, String.class);
        if ("*".equals(recordId)) {
            JsonNode header = mapper.readTree(exchange.getMessage().getBody(String.class))
                    .path("data").path("payload").path("ChangeEventHeader");
            Instant commit = header.hasNonNull("commitTimestamp")
                    ? Instant.ofEpochMilli(header.path("commitTimestamp").asLong()) : clock.instant();
            int n = resyncEntity(entity, commit.minus(properties.resyncMargin()));
            LOG.warn("{} on {} repaired by resync: {} events queued", changeType, entity, n);
            return;
        }
        int n = rereadRecords(entity, List.of(recordId));
        if (n == 0 && "GAP_DELETE".equals(changeType)) {
            queueDelete(entity, recordId, exchange.getMessage().getHeader(InboxHeaders.EVENT_KEY, String.class));
        }
    }

    private void queueDelete(String entity, String recordId, String gapKey) {
        Optional<RoutingTable.Target> target = routing.route(entity, "DELETE", List.of(), null);
        if (target.isPresent()) {
            ObjectNode msg = synthetic(entity, recordId, "DELETE", mapper.createObjectNode());
            inbox.insertIfAbsent(CdcIntake.event("resync:" + gapKey, target.get().flow(), entity, recordId,
                    "DELETE", target.get().priority(), msg.toString(), clock.instant()), clock.instant());
        }
    }

    private String select(String entity) {
        Set<String> fields = new LinkedHashSet<>(List.of("Id", "SystemModstamp"));
        fields.addAll(properties.resyncFields().getOrDefault(entity, List.of()));
        routing.fieldsUsedBy(entity).forEach(fields::add);
        for (String f : fields) {
            requireIdentifier(f);
        }
        requireIdentifier(entity);
        return "SELECT " + String.join(", ", fields) + " FROM " + entity;
    }

    private static void requireIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalStateException("Not a Salesforce field or object name in revloop.cdc: " + name);
        }
    }

    private int queryAndQueue(String entity, String soql) throws Exception {
        int queued = 0;
        JsonNode page = mapper.readTree(template.requestBody("salesforce:query?rawPayload=true", soql,
                String.class));
        while (true) {
            for (JsonNode record : page.path("records")) {
                if (queue(entity, (ObjectNode) record)) {
                    queued++;
                }
            }
            if (page.path("done").asBoolean(true) || !page.hasNonNull("nextRecordsUrl")) {
                return queued;
            }
            page = mapper.readTree(template.requestBody("salesforce:queryMore?rawPayload=true",
                    page.path("nextRecordsUrl").asText(), String.class));
        }
    }

    private boolean queue(String entity, ObjectNode record) {
        String id = record.path("Id").asText();
        String modstamp = record.path("SystemModstamp").asText();
        record.remove("attributes");
        Optional<RoutingTable.Target> target = routing.route(entity, RoutingTable.RESYNC, List.of(), record);
        if (target.isEmpty()) {
            return false;
        }
        Instant changedAt = parseModstamp(modstamp);
        ObjectNode msg = synthetic(entity, id, RoutingTable.RESYNC, record);
        return inbox.insertIfAbsent(CdcIntake.event("resync:" + entity + ":" + id + ":" + modstamp,
                target.get().flow(), entity, id, RoutingTable.RESYNC, target.get().priority(), msg.toString(),
                changedAt), clock.instant());
    }

    /** Same shape as a CometD change event, so a flow reads resynced and live changes alike. */
    private ObjectNode synthetic(String entity, String id, String changeType, ObjectNode fields) {
        ObjectNode msg = mapper.createObjectNode();
        msg.put("channel", "resync");
        ObjectNode payload = msg.putObject("data").putObject("payload");
        ObjectNode header = payload.putObject("ChangeEventHeader");
        header.put("entityName", entity);
        header.putArray("recordIds").add(id);
        header.put("changeType", changeType);
        header.putArray("changedFields");
        payload.setAll(fields);
        return msg;
    }

    private static Instant parseModstamp(String value) {
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

}
