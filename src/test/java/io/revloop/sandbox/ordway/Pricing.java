package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Price of one charge line for one billing period, before and after its percentage discount. */
final class Pricing {

    static final String PER_UNIT = "Per unit";
    static final String FLAT_FEE = "Flat fee";
    static final String VOLUME = "Volume";
    static final String TIERED = "Tiered";
    static final Set<String> MODELS = Set.of(PER_UNIT, FLAT_FEE, VOLUME, TIERED);

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    record Tier(BigDecimal startingUnit, BigDecimal endingUnit, BigDecimal price, String type) {

        boolean flatFee() {
            return FLAT_FEE.equalsIgnoreCase(type);
        }

        boolean contains(BigDecimal quantity) {
            return quantity.compareTo(startingUnit) >= 0 && (endingUnit == null || quantity.compareTo(endingUnit) <= 0);
        }

        /** Units of {@code quantity} that fall into this tier; a tier starting at 0 or 1 both cover unit one. */
        BigDecimal unitsOf(BigDecimal quantity) {
            BigDecimal below = startingUnit.subtract(BigDecimal.ONE).max(BigDecimal.ZERO);
            BigDecimal top = endingUnit == null ? quantity : quantity.min(endingUnit);
            return top.subtract(below).max(BigDecimal.ZERO);
        }
    }

    private Pricing() {
    }

    static List<Tier> tiers(JsonNode tiers) {
        List<Tier> result = new ArrayList<>();
        if (tiers == null || !tiers.isArray()) {
            return result;
        }
        for (JsonNode tier : tiers) {
            result.add(new Tier(
                    Json.decimal(tier.get("starting_unit"), BigDecimal.ZERO),
                    Json.decimal(tier.get("ending_unit"), null),
                    Json.decimal(tier.get("price"), BigDecimal.ZERO),
                    Json.text(tier, "type", PER_UNIT)));
        }
        return result;
    }

    static BigDecimal listAmount(String model, BigDecimal quantity, BigDecimal listPrice, List<Tier> tiers) {
        return switch (model) {
            case PER_UNIT -> quantity.multiply(listPrice);
            case FLAT_FEE -> listPrice;
            case VOLUME -> tiers.stream()
                    .filter(tier -> tier.contains(quantity))
                    .findFirst()
                    .map(tier -> tier.flatFee() ? tier.price() : quantity.multiply(tier.price()))
                    .orElse(BigDecimal.ZERO);
            case TIERED -> tiers.stream()
                    .map(tier -> {
                        BigDecimal units = tier.unitsOf(quantity);
                        if (units.signum() <= 0) {
                            return BigDecimal.ZERO;
                        }
                        return tier.flatFee() ? tier.price() : units.multiply(tier.price());
                    })
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            default -> throw ApiException.unprocessable("Pricing model '" + model + "' is not supported");
        };
    }

    /** Ordway's line discount is a percentage of the list amount. */
    static BigDecimal effectiveAmount(BigDecimal listAmount, BigDecimal discountPercent) {
        BigDecimal factor = HUNDRED.subtract(discountPercent).divide(HUNDRED, 10, RoundingMode.HALF_UP);
        return Json.scale(listAmount.multiply(factor));
    }
}
