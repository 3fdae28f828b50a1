package io.revloop.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads Ordway invoices or payments changed since the watermark (minus the overlap), page by page sorted by
 * {@code updated_date,id}, into the inbox; then advances the watermark no further than the last stored record
 * before the first one that failed to store. Called by the {@code ordway-*-poll} routes.
 */
@Component("ordwayPoller")
public class OrdwayPoller {

    private static final Logger LOG = LoggerFactory.getLogger(OrdwayPoller.class);

    private final OrdwayReader ordway;
    private final BillingIntake intake;
    private final WatermarkStore watermarks;
    private final BillingProperties.Polling settings;
    private final Clock clock;

    OrdwayPoller(OrdwayReader ordway, BillingIntake intake, WatermarkStore watermarks, BillingProperties properties,
            Clock clock) {
        this.ordway = ordway;
        this.intake = intake;
        this.watermarks = watermarks;
        this.settings = properties.polling();
        this.clock = clock;
    }

    /** One poll of {@code resource} (invoices or payments); returns the number of new events stored. */
    public int poll(@Header("OrdwayResource") String resource) throws Exception {
        String poller = "ordway-" + resource;
        Instant watermark = watermarks.get(poller).orElse(Instant.parse(settings.initialWatermark()));
        String from = DateTimeFormatter.ISO_INSTANT.format(
                Watermark.queryFrom(watermark, settings.overlap()).truncatedTo(ChronoUnit.MILLIS));
        List<Watermark.Outcome> outcomes = new ArrayList<>();
        int stored = 0;
        boolean failed = false;
        // Keyset paging: after a full page, ask again from its last updated_date instead of for the next page.
        // Offset paging under a moving sort key skips records: one updated mid-poll moves to the end, the others
        // shift forward past the page boundary, and the watermark would then pass them. Records at the boundary
        // come back again and are deduplicated by the inbox; only a page whose records all share one timestamp
        // moves on by page number.
        int page = 1;
        while (!failed) {
            String query = URLEncoder.encode("updated_date>=", StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(from, StandardCharsets.UTF_8) + "&sort=updated_date,id&page=" + page
                    + "&size=" + settings.pageSize();
            JsonNode records = ordway.get(resource, query);
            Instant last = null;
            for (JsonNode r : records) {
                Instant updated = Instant.parse(r.path("updated_date").asText());
                last = updated;
                try {
                    stored += intake.store(resource, r) ? 1 : 0;
                    outcomes.add(new Watermark.Outcome(updated, true));
                } catch (RuntimeException e) {
                    LOG.warn("Ordway {} {} not stored ({}); the watermark stops before it", resource,
                            r.path("id").asText(), e.toString());
                    outcomes.add(new Watermark.Outcome(updated, false));
                    failed = true;
                    break;
                }
            }
            if (records.size() < settings.pageSize()) {
                break;
            }
            String lastFrom = DateTimeFormatter.ISO_INSTANT.format(last.truncatedTo(ChronoUnit.MILLIS));
            if (lastFrom.equals(from)) {
                page++;
            } else {
                from = lastFrom;
                page = 1;
            }
        }
        Instant next = Watermark.advance(watermark, outcomes);
        if (!next.equals(watermark)) {
            watermarks.save(poller, next, clock.instant());
        }
        if (stored > 0) {
            LOG.info("Ordway {} poll stored {} new events; watermark {}", resource, stored, next);
        }
        return stored;
    }
}
