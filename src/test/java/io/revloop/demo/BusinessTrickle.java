package io.revloop.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.revloop.sandbox.ordway.OrdwaySandbox;
import java.math.BigDecimal;
import java.time.Period;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A steady trickle of business events for the demo: every tick a deal closes in Salesforce, or a day passes in
 * Ordway (billing runs, invoices fall due), or a customer pays an open invoice in full or in part.
 */
final class BusinessTrickle {

    private static final Logger log = LoggerFactory.getLogger(BusinessTrickle.class);

    private final DemoWorld world;
    private final OrdwaySandbox ordway;
    private final Random random = new Random();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-trickle");
        t.setDaemon(true);
        return t;
    });

    BusinessTrickle(DemoWorld world, OrdwaySandbox ordway) {
        this.world = world;
        this.ordway = ordway;
    }

    void start() {
        long period = Long.parseLong(RevloopDemo.setting("REVLOOP_DEMO_TRICKLE_SECONDS", "15"));
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            int dice = random.nextInt(3);
            if (dice == 0 && world.openDeals() > 0) {
                log.info("demo: deal {} closed won", world.closeNextDeal());
            } else if (dice == 1) {
                ordway.clock().advance(Period.ofDays(1));
                ordway.runBilling(ordway.today());
                log.info("demo: Ordway day {} billed", ordway.today());
            } else {
                payAnOpenInvoice();
            }
        } catch (RuntimeException e) {
            log.warn("demo: trickle step failed: {}", e.toString());
        }
    }

    private void payAnOpenInvoice() {
        for (JsonNode invoice : ordway.company().get("/invoices?size=50")) {
            BigDecimal balance = new BigDecimal(invoice.path("balance").asText("0"));
            if (balance.signum() > 0 && !"Reversed".equals(invoice.path("status").asText())) {
                BigDecimal amount = random.nextBoolean() ? balance : balance.divide(BigDecimal.valueOf(2), 2,
                        java.math.RoundingMode.HALF_UP);
                ordway.applyPayment(invoice.path("id").asText(), amount);
                log.info("demo: payment of {} on {}", amount, invoice.path("id").asText());
                return;
            }
        }
    }
}
