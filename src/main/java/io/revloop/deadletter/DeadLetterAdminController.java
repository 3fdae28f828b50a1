package io.revloop.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.revloop.security.FieldDecryptionException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin/dead-letters")
public class DeadLetterAdminController {

    static final String VIEW_PAYLOAD = "VIEW_PAYLOAD";

    private final DeadLetterStore store;
    private final DeadLetterService service;
    private final AdminAuditLog audit;
    private final DeadLetterProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    public DeadLetterAdminController(DeadLetterStore store, DeadLetterService service, AdminAuditLog audit,
                                     DeadLetterProperties properties, ObjectMapper json, ObjectProvider<Clock> clock) {
        this.store = store;
        this.service = service;
        this.audit = audit;
        this.properties = properties;
        this.json = json;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    public record Page<T>(List<T> items, long total, int limit, int offset) {
    }

    /** A dead letter with its decrypted original event. */
    public record Detail(DeadLetter deadLetter, JsonNode payload, String payloadUnreadable) {
    }

    public record BulkReplayRequest(
            String flow, String errorType, Instant from, Instant to, String recordId, Integer max, boolean dryRun) {
    }

    public record DiscardRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    @GetMapping
    public Page<DeadLetter> list(@RequestParam(required = false) String flow,
                                 @RequestParam(required = false) String errorType,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                 @RequestParam(required = false) String recordId,
                                 @RequestParam(required = false) DeadLetterStatus status,
                                 @RequestParam(defaultValue = "50") int limit,
                                 @RequestParam(defaultValue = "0") int offset) {
        checkPage(limit, offset, properties.listMaxLimit());
        DeadLetterFilter filter = new DeadLetterFilter(blankToNull(flow), blankToNull(errorType), from, to,
                blankToNull(recordId), status);
        return new Page<>(store.list(filter, limit, offset), store.count(filter), limit, offset);
    }

    @GetMapping("/{id}")
    public Detail show(@PathVariable long id, Authentication operator) {
        DeadLetter dl = store.find(id).orElseThrow(
                () -> new AdminActionException(HttpStatus.NOT_FOUND, "No dead letter " + id));
        JsonNode payload = null;
        String unreadable = null;
        try {
            payload = store.payload(id).map(this::asJson).orElse(null);
        } catch (FieldDecryptionException e) {
            unreadable = e.getMessage();
        }
        // reading the original event exposes personal data: keep a trace of who looked
        audit.record(operator.getName(), VIEW_PAYLOAD, AdminAuditLog.TARGET_DEAD_LETTER, String.valueOf(id),
                Map.of("deadLetterId", id, "inboxEventId", dl.inboxEventId()),
                unreadable == null ? "SHOWN" : "UNREADABLE", null, clock.instant());
        return new Detail(dl, payload, unreadable);
    }

    @PostMapping("/{id}/replay")
    public DeadLetterService.ReplayResult replay(@PathVariable long id, Authentication operator) {
        return service.replay(id, operator.getName());
    }

    @PostMapping("/replay")
    public DeadLetterService.BulkReplayResult replayMatching(@RequestBody BulkReplayRequest request,
                                                             Authentication operator) {
        DeadLetterFilter filter = new DeadLetterFilter(blankToNull(request.flow()), blankToNull(request.errorType()),
                request.from(), request.to(), blankToNull(request.recordId()), DeadLetterStatus.OPEN);
        return service.replay(filter, request.max(), request.dryRun(), operator.getName());
    }

    @PostMapping("/{id}/discard")
    public DeadLetter discard(@PathVariable long id, @Valid @RequestBody DiscardRequest request,
                              Authentication operator) {
        return service.discard(id, request.reason(), operator.getName());
    }

    static void checkPage(int limit, int offset, int maxLimit) {
        if (limit < 1 || limit > maxLimit || offset < 0) {
            throw new AdminActionException(HttpStatus.BAD_REQUEST,
                    "limit must be between 1 and " + maxLimit + " and offset must not be negative");
        }
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private JsonNode asJson(String payload) {
        try {
            return json.readTree(payload);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(payload);
        }
    }
}
