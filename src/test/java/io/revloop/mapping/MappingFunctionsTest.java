package io.revloop.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.dashjoin.jsonata.Jsonata;

import io.revloop.mapping.MappingFunctions.Failure;
import io.revloop.mapping.MappingFunctions.Table;

class MappingFunctionsTest {

    private final MappingFunctions functions = new MappingFunctions(
            Map.of("products", new Table("products", "mappings/lookups/products.yaml", "ProductCode",
                    Map.of("PLAT-USER", Map.of("plan_id", "PLN-00001")))),
            Map.of("billingPeriod", new Table("billingPeriod", null, null,
                    Map.of("Quarterly", "Quarterly", "Biennially", "Every 2 Years"))));

    @Test
    void dateAcceptsDatesAndSalesforceAndIsoDateTimes() {
        assertThat(MappingFunctions.date("2026-03-01")).isEqualTo("2026-03-01");
        assertThat(MappingFunctions.date("2026-03-15T09:30:00.000+0000")).isEqualTo("2026-03-15");
        assertThat(MappingFunctions.date("2026-03-15T23:30:00Z")).isEqualTo("2026-03-15");
        assertThat(MappingFunctions.date(null)).isNull();
        assertThat(MappingFunctions.date("-")).isNull();
        assertThatThrownBy(() -> MappingFunctions.date("03/01/2026")).isInstanceOf(Failure.class)
                .hasMessageContaining("'03/01/2026' is not a date");
        assertThatThrownBy(() -> MappingFunctions.date(20260301)).isInstanceOf(Failure.class)
                .hasMessageContaining("expected text");
    }

    @Test
    void datetimeIsUtcWithMilliseconds() {
        assertThat(MappingFunctions.datetime("2026-03-15T10:30:00.000+0100")).isEqualTo("2026-03-15T09:30:00.000Z");
        assertThat(MappingFunctions.datetime("2026-03-15")).isEqualTo("2026-03-15T00:00:00.000Z");
    }

    @Test
    void moneyIsADecimalStringWithAtLeastTwoPlaces() {
        assertThat(MappingFunctions.money(1234.5, null)).isEqualTo("1234.50");
        assertThat(MappingFunctions.money("1,234.5", null)).isEqualTo("1234.50");
        assertThat(MappingFunctions.money(0, null)).isEqualTo("0.00");
        assertThat(MappingFunctions.money(-12, null)).isEqualTo("-12.00");
        assertThat(MappingFunctions.money(0.0015, null)).as("sub-cent unit prices survive").isEqualTo("0.0015");
        assertThat(MappingFunctions.money(0.1 + 0.2, null)).as("float noise does not").isEqualTo("0.30");
        assertThat(MappingFunctions.money(78.745, 2L)).isEqualTo("78.75");
        assertThat(MappingFunctions.money("", null)).isNull();
        assertThatThrownBy(() -> MappingFunctions.money("12 EUR", null)).isInstanceOf(Failure.class)
                .hasMessageContaining("'12 EUR' is not a number");
    }

    @Test
    void currencyIsAnIsoCode() {
        assertThat(MappingFunctions.currency(" eur ")).isEqualTo("EUR");
        assertThatThrownBy(() -> MappingFunctions.currency("EURO")).isInstanceOf(Failure.class)
                .hasMessageContaining("'EURO' is not an ISO 4217 currency code");
    }

    @Test
    void coalesceSkipsMissingAndEmptyValues() {
        assertThat(MappingFunctions.coalesce(Arrays.asList(null, "", Jsonata.NULL_VALUE, "b", "c"))).isEqualTo("b");
        assertThat(MappingFunctions.coalesce(Arrays.asList(null, null))).isNull();
    }

    @Test
    void lookupFindsTheEntryAndNamesTheKeyAndFileOnAMiss() {
        assertThat(functions.lookup("products", "PLAT-USER", false, null)).isEqualTo(Map.of("plan_id", "PLN-00001"));
        assertThat(functions.lookup("products", "XYZ", true, "fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> functions.lookup("products", "XYZ", false, null)).isInstanceOf(Failure.class)
                .hasMessage("ProductCode 'XYZ' has no entry in lookup 'products' (mappings/lookups/products.yaml)");
    }

    @Test
    void enumMapsKnownValuesAndRejectsOthers() {
        assertThat(functions.enumValue("billingPeriod", "Biennially")).isEqualTo("Every 2 Years");
        assertThat(functions.enumValue("billingPeriod", null)).isNull();
        assertThatThrownBy(() -> functions.enumValue("billingPeriod", "Weekly")).isInstanceOf(Failure.class)
                .hasMessageContaining("value 'Weekly' is not in enum 'billingPeriod'");
    }

    @Test
    void functionsAreCallableFromJsonata() {
        Jsonata expression = Jsonata.jsonata("{'plan': $lookup('products', code).plan_id, 'every': "
                + "$enum('billingPeriod', freq), 'on': $date(at), 'price': $money(price), 'cur': $currency(cur), "
                + "'first': $coalesce(missing, code)}");
        functions.registerOn(expression);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("code", "PLAT-USER");
        input.put("freq", "Quarterly");
        input.put("at", "2026-03-15T09:30:00.000+0000");
        input.put("price", 99.9);
        input.put("cur", "gbp");
        input.put("missing", null);
        assertThat(expression.evaluate(input)).isEqualTo(Map.of("plan", "PLN-00001", "every", "Quarterly",
                "on", "2026-03-15", "price", "99.90", "cur", "GBP", "first", "PLAT-USER"));
    }

    @Test
    void normaliseFollowsTheTargetSystemsConventions() {
        assertThat(MappingFunctions.normalise(Kind.MONEY, "ordway", 12.5)).isEqualTo("12.50");
        assertThat(MappingFunctions.normalise(Kind.MONEY, "salesforce", "12.50")).isEqualTo(new BigDecimal("12.50"));
        assertThat(MappingFunctions.normalise(Kind.NUMBER, "ordway", 40.0)).isEqualTo(40L);
        assertThat(MappingFunctions.normalise(Kind.STRING, "ordway", 12.0)).isEqualTo("12");
        assertThat(MappingFunctions.normalise(Kind.BOOLEAN, "ordway", "true")).isEqualTo(true);
        assertThat(MappingFunctions.normalise(Kind.LIST, "ordway", "x")).isEqualTo(List.of("x"));
        assertThatThrownBy(() -> MappingFunctions.normalise(Kind.INTEGER, "ordway", 12.5)).isInstanceOf(Failure.class)
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> MappingFunctions.normalise(Kind.STRING, "ordway", List.of("a", "b")))
                .isInstanceOf(Failure.class).hasMessageContaining("a list of 2 values");
    }
}
