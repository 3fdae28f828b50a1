package io.revloop.deadletter;

import java.time.Instant;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AuditAdminController {

    private final AdminAuditLog audit;
    private final DeadLetterProperties properties;

    public AuditAdminController(AdminAuditLog audit, DeadLetterProperties properties) {
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping("/admin/audit")
    public DeadLetterAdminController.Page<AuditEntry> list(
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType,
            @RequestParam(required = false) String targetId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        DeadLetterAdminController.checkPage(limit, offset, properties.listMaxLimit());
        var query = new AdminAuditLog.Query(DeadLetterAdminController.blankToNull(actor),
                DeadLetterAdminController.blankToNull(action), DeadLetterAdminController.blankToNull(targetType),
                DeadLetterAdminController.blankToNull(targetId), from, to);
        return new DeadLetterAdminController.Page<>(audit.find(query, limit, offset), audit.count(query), limit, offset);
    }
}
