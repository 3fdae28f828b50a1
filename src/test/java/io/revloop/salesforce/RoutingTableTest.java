package io.revloop.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final RoutingTable table = new RoutingTable(new CdcProperties(-1, Duration.ofHours(72),
            Duration.ofMinutes(15), Map.of(), List.of(
                    new CdcProperties.RoutingRule("Opportunity", List.of("UPDATE"), List.of("StageName"),
                            Map.of("StageName", "Closed Won"), "salesforce-to-ordway-closed-won", 0),
                    new CdcProperties.RoutingRule("Account", List.of(), List.of(), Map.of(),
                            "salesforce-to-ordway-customer", 5)),
            new CdcProperties.Echo(true, "", List.of())));

    @Test
    void closedWonNeedsTheStageToChangeToClosedWon() throws Exception {
        var won = mapper.readTree("{\"StageName\":\"Closed Won\"}");
        assertThat(table.route("Opportunity", "UPDATE", List.of("StageName"), won))
                .contains(new RoutingTable.Target("salesforce-to-ordway-closed-won", 0));
        assertThat(table.route("Opportunity", "UPDATE", List.of("Amount"), won)).isEmpty();
        assertThat(table.route("Opportunity", "UPDATE", List.of("StageName"),
                mapper.readTree("{\"StageName\":\"Negotiation\"}"))).isEmpty();
    }

    @Test
    void resyncedRecordsMatchOnValuesAlone() throws Exception {
        assertThat(table.route("Opportunity", RoutingTable.RESYNC, List.of(),
                mapper.readTree("{\"StageName\":\"Closed Won\"}"))).isPresent();
    }

    @Test
    void entitiesNoFlowWantsAreNotRouted() {
        assertThat(table.route("Lead", "CREATE", List.of(), null)).isEmpty();
        assertThat(table.entities()).containsExactly("Opportunity", "Account");
        assertThat(table.fieldsUsedBy("Opportunity")).containsExactly("StageName");
    }
}
