package io.revloop.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.revloop.inbox.EventRequeuer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;

/** What replay does in an instance without an inbox worker, before the sync core is wired in. */
class DeadLetterServiceTest {

    private final DeadLetterStore store = mock(DeadLetterStore.class);
    private final AdminAuditLog audit = mock(AdminAuditLog.class);
    private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    private final DeadLetterService service = new DeadLetterService(store, audit,
            beans.getBeanProvider(EventRequeuer.class), new DeadLetterProperties(100, 1000, 500),
            mock(PlatformTransactionManager.class), beans.getBeanProvider(Clock.class));

    @Test
    void replayWithoutAnInboxIsRefusedAndAudited() {
        when(store.find(7L)).thenReturn(Optional.of(new DeadLetter(7, 70, "salesforce", "k", "flow", "route", "Opportunity",
                "0065g00000ABCdeAAA", "UPDATE", "IllegalStateException", "m", 1, 1, Instant.EPOCH, Instant.EPOCH, "c",
                DeadLetterStatus.OPEN, null, Instant.EPOCH, null)));

        assertThatThrownBy(() -> service.replay(7, "operator"))
                .isInstanceOfSatisfying(AdminActionException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));

        verify(store, never()).transition(anyLong(), any(), any(), any(), any());
        verify(audit).record(eq("operator"), eq(DeadLetterService.REPLAY), eq(AdminAuditLog.TARGET_DEAD_LETTER),
                eq("7"), any(), eq("UNAVAILABLE"), any(), any());
    }
}
