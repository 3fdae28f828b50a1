package io.revloop.sandbox.salesforce;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The formula and roll-up fields the org computes, and the product/price book rules that go with them. */
final class Calculations {

    private final Dml dml;
    private final Transaction tx;
    private final SObjectSchema schema;

    Calculations(Dml dml, Transaction tx) {
        this.dml = dml;
        this.tx = tx;
        this.schema = tx.org().schema();
    }

    void beforeInsert(SObjectType type, Map<String, Object> record, boolean system) {
        switch (type.name()) {
            case "OpportunityLineItem" -> lineItemFromPricebookEntry(record, true, Set.of());
            case "PricebookEntry" -> pricebookEntry(record);
            case "Contract" -> record.put("ContractNumber", String.format("%08d", tx.org().nextContractNumber()));
            case "Pricebook2" -> record.put("IsStandard", system && Boolean.TRUE.equals(record.get("IsStandard")));
            default -> {
            }
        }
        formulas(type, record);
    }

    void beforeUpdate(SObjectType type, Map<String, Object> record, Map<String, Object> before, Set<String> touched) {
        if (type.name().equals("OpportunityLineItem")) {
            lineItemPrices(record, false, touched);
        }
        formulas(type, record);
    }

    void beforeDelete(SObjectType type, Map<String, Object> record) {
        if (type.name().equals("Opportunity")) {
            // Deleting an opportunity deletes its products with it.
            SObjectType lines = schema.get("OpportunityLineItem");
            for (Map<String, Object> line : tx.scan(lines)) {
                if (record.get("Id").equals(line.get("OpportunityId")) && !Boolean.TRUE.equals(line.get("IsDeleted"))) {
                    dml.delete(lines, (String) line.get("Id"));
                }
            }
        }
    }

    void afterWrite(SObjectType type, Map<String, Object> record) {
        if (type.name().equals("OpportunityLineItem")) {
            dml.recalculate(schema.get("Opportunity"), (String) record.get("OpportunityId"));
        }
    }

    private void formulas(SObjectType type, Map<String, Object> record) {
        switch (type.name()) {
            case "Contact", "User" -> record.put("Name", fullName(record));
            case "Opportunity" -> opportunity(record);
            case "Contract" -> record.put("EndDate", contractEnd(record));
            case "Task" -> record.put("IsClosed", "Completed".equals(record.get("Status")));
            default -> {
            }
        }
    }

    private static String fullName(Map<String, Object> record) {
        Object first = record.get("FirstName");
        return first == null ? (String) record.get("LastName") : first + " " + record.get("LastName");
    }

    private void opportunity(Map<String, Object> record) {
        Object stage = record.get("StageName");
        record.put("IsClosed", "Closed Won".equals(stage) || "Closed Lost".equals(stage));
        record.put("IsWon", "Closed Won".equals(stage));
        List<Map<String, Object>> lines = tx.scan(schema.get("OpportunityLineItem")).stream()
                .filter(l -> Objects.equals(l.get("OpportunityId"), record.get("Id")) && !Boolean.TRUE.equals(l.get("IsDeleted")))
                .toList();
        record.put("HasOpportunityLineItem", !lines.isEmpty());
        if (!lines.isEmpty()) {
            // Amount is the sum of the products' total prices and read-only while products exist.
            BigDecimal sum = lines.stream().map(l -> decimal(l.get("TotalPrice"))).reduce(BigDecimal.ZERO, BigDecimal::add);
            record.put("Amount", money(sum));
        }
    }

    private static String contractEnd(Map<String, Object> record) {
        Object start = record.get("StartDate");
        Object term = record.get("ContractTerm");
        if (start == null || term == null) {
            return null;
        }
        return LocalDate.parse((String) start).plusMonths(((Number) term).longValue()).minusDays(1).toString();
    }

    private void lineItemFromPricebookEntry(Map<String, Object> line, boolean insert, Set<String> touched) {
        Map<String, Object> entry = tx.read((String) line.get("PricebookEntryId"));
        Map<String, Object> opportunity = tx.read((String) line.get("OpportunityId"));
        if (!Boolean.TRUE.equals(entry.get("IsActive"))) {
            throw integrity("PricebookEntryId (inactive price book entry)", "PricebookEntryId");
        }
        Object oppPricebook = opportunity.get("Pricebook2Id");
        if (oppPricebook == null) {
            // Adding a product to an opportunity without a price book assigns the entry's price book.
            dml.update(schema.get("Opportunity"), (String) opportunity.get("Id"), Map.of("Pricebook2Id", entry.get("Pricebook2Id")));
        } else if (!oppPricebook.equals(entry.get("Pricebook2Id"))) {
            throw integrity("PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to the opportunity)",
                    "PricebookEntryId");
        }
        if (!Objects.equals(entry.get("CurrencyIsoCode"), opportunity.get("CurrencyIsoCode"))) {
            throw integrity("PricebookEntryId (pricebook entry currency code does not match opportunity currency code)",
                    "PricebookEntryId");
        }
        Map<String, Object> product = tx.read((String) entry.get("Product2Id"));
        line.put("Product2Id", entry.get("Product2Id"));
        line.put("ProductCode", product.get("ProductCode"));
        line.put("Name", opportunity.get("Name") + " " + product.get("Name"));
        line.put("ListPrice", entry.get("UnitPrice"));
        line.put("CurrencyIsoCode", entry.get("CurrencyIsoCode"));
        lineItemPrices(line, insert, touched);
    }

    /** TotalPrice = Quantity x UnitPrice x (1 - Discount/100); a given TotalPrice instead sets UnitPrice. */
    private static void lineItemPrices(Map<String, Object> line, boolean insert, Set<String> touched) {
        boolean unitGiven = insert ? line.get("UnitPrice") != null : touched.contains("UnitPrice");
        boolean totalGiven = insert ? line.get("TotalPrice") != null : touched.contains("TotalPrice");
        if (unitGiven && totalGiven) {
            throw integrity("TotalPrice (cannot specify both unit price and total price)", "TotalPrice");
        }
        if (insert && !unitGiven && !totalGiven) {
            throw integrity("unknown (must specify either UnitPrice or TotalPrice)", "UnitPrice");
        }
        BigDecimal quantity = decimal(line.get("Quantity"));
        BigDecimal keep = BigDecimal.ONE.subtract(decimal(line.get("Discount")).movePointLeft(2));
        if (totalGiven) {
            BigDecimal divisor = quantity.multiply(keep);
            line.put("UnitPrice", divisor.signum() == 0 ? 0.0 : money(decimal(line.get("TotalPrice")).divide(divisor, 2, RoundingMode.HALF_UP)));
        } else {
            line.put("TotalPrice", money(quantity.multiply(decimal(line.get("UnitPrice"))).multiply(keep)));
        }
    }

    private void pricebookEntry(Map<String, Object> entry) {
        Map<String, Object> product = tx.read((String) entry.get("Product2Id"));
        entry.put("ProductCode", product.get("ProductCode"));
        entry.put("Name", product.get("Name"));
        SObjectType entries = schema.get("PricebookEntry");
        boolean standardBook = Boolean.TRUE.equals(tx.read((String) entry.get("Pricebook2Id")).get("IsStandard"));
        boolean hasStandardPrice = false;
        for (Map<String, Object> other : tx.scan(entries)) {
            if (Boolean.TRUE.equals(other.get("IsDeleted")) || !other.get("Product2Id").equals(entry.get("Product2Id"))
                    || !Objects.equals(other.get("CurrencyIsoCode"), entry.get("CurrencyIsoCode"))) {
                continue;
            }
            if (other.get("Pricebook2Id").equals(entry.get("Pricebook2Id"))) {
                throw ApiException.badRequest("DUPLICATE_VALUE", "This price definition already exists in this price book", List.of());
            }
            hasStandardPrice |= Boolean.TRUE.equals(tx.read((String) other.get("Pricebook2Id")).get("IsStandard"));
        }
        if (!standardBook && !hasStandardPrice) {
            throw ApiException.badRequest("STANDARD_PRICE_NOT_DEFINED", "No standard price defined for this product", List.of());
        }
    }

    private static ApiException integrity(String detail, String field) {
        return ApiException.badRequest("FIELD_INTEGRITY_EXCEPTION", "field integrity exception: " + detail, List.of(field));
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? BigDecimal.ZERO : new BigDecimal(value.toString());
    }

    private static Double money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
