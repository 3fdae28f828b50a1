package io.revloop.deadletter;

import java.time.Instant;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.stereotype.Component;

/** Failed admin logins belong in the audit trail: they are the first sign of someone guessing passwords. */
@Component
public class LoginFailureAuditor {

    private final AdminAuditLog audit;

    public LoginFailureAuditor(AdminAuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    public void onFailure(AbstractAuthenticationFailureEvent event) {
        String attempted = String.valueOf(event.getAuthentication().getName());
        audit.record(attempted, "LOGIN_FAILED", AdminAuditLog.TARGET_ADMIN_API, null,
                Map.of("reason", event.getException().getClass().getSimpleName()), "DENIED", null, Instant.now());
    }
}
