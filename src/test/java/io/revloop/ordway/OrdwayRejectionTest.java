package io.revloop.ordway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrdwayRejectionTest {

    private final OrdwayRejection rejection = new OrdwayRejection(new ObjectMapper());

    @Test
    void namesTheRecordTheFieldOrdwayComplainsAboutAndOrdwaysWords() {
        String message = rejection.describe(422,
                "{\"errors\":{\"details\":{\"message\":\"Currency JPY is not enabled for this company\"}}}",
                "customers", "Account 001Dm0000000001IAA", List.of("name", "currency", "salesforce_id"));

        assertThat(message).isEqualTo("Ordway rejected customers of Account 001Dm0000000001IAA (HTTP 422), field "
                + "currency: Currency JPY is not enabled for this company");
    }

    @Test
    void fieldNamesWithUnderscoresAreFoundInOrdwaysProse() {
        String message = rejection.describe(422, "{\"message\":\"Billing cycle day is invalid\"}", "customers",
                "Account 001A", List.of("name", "billing_cycle_day"));

        assertThat(message).contains("field billing_cycle_day: Billing cycle day is invalid");
    }

    @Test
    void anAnswerThatIsNotJsonIsQuotedShortened() {
        String message = rejection.describe(400, "x".repeat(2000), "customers", "Account 001A", List.of("name"));

        assertThat(message).contains("field (not named by Ordway)").hasSizeLessThan(700);
    }
}
