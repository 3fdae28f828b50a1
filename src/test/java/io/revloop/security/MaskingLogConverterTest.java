package io.revloop.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskingLogConverterTest {

    @Test
    void masksTheMessageAndTheExceptionOnce() {
        LoggerContext context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.getInstanceConverterMap().put("mask", MaskingLogConverter::new);
        layout.setPattern("[cid:%X{correlationId:-}] %nopex%mask(%m%n%ex)");
        layout.start();
        Logger logger = context.getLogger("test");
        LoggingEvent event = new LoggingEvent("test", logger, Level.WARN, "Contact {} failed",
                new IllegalArgumentException("duplicate Email ada@example.com"), new Object[] {"{\"LastName\":\"Lovelace\"}"});
        event.setMDCPropertyMap(Map.of("correlationId", "c-42"));

        String line = layout.doLayout(event);

        assertThat(line).startsWith("[cid:c-42] Contact {\"LastName\":\"***\"} failed")
                .contains("IllegalArgumentException: duplicate Email ***@***")
                .doesNotContain("Lovelace", "ada@example.com");
        assertThat(line.split("IllegalArgumentException", -1)).hasSize(2);
        assertThat(line).doesNotContain("%").endsWith(System.lineSeparator());
    }
}
