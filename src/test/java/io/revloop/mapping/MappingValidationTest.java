package io.revloop.mapping;

import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each broken mapping file yields an error naming file, line and field. */
class MappingValidationTest {

    private static final ObjectSchemas SCHEMAS = ObjectSchemas.fromClasspath();

    @TempDir
    Path dir;

    /** Lines 1-7; tests replace line 7. */
    private static final String ACCOUNT = """
            source:
              salesforce: Account
            target:
              ordway: customer
            fields:
              name: Name
              website: Website
            """;

    private List<MappingError> errors(String yaml) throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), yaml);
        MappingValidationException e = catchThrowableOfType(MappingValidationException.class,
                () -> new MappingRegistry(SCHEMAS, dir));
        assertThat(e).as("validation must fail").isNotNull();
        return e.errors();
    }

    private MappingError onlyError(String yaml) throws IOException {
        List<MappingError> errors = errors(yaml);
        assertThat(errors).hasSize(1);
        MappingError error = errors.get(0);
        assertThat(error.file()).isEqualTo(dir.toString().replace('\\', '/') + "/bad.yaml");
        return error;
    }

    private static String line7(String replacement) {
        return ACCOUNT.replace("  website: Website\n", replacement);
    }

    @Test
    void aBuiltInFunctionFailingAtRunTimeIsAPermanentMappingErrorNamingRecordAndField() throws IOException {
        Files.writeString(dir.resolve("good.yaml"), line7("  website: $split(Website, 5)\n"));
        Mapping mapping = new MappingRegistry(SCHEMAS, dir).get("good");

        assertThatThrownBy(() -> mapping.apply(Map.of("Id", "001Rv00000Acme1AAA", "Name", "Acme",
                "Website", "https://acme.example")))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e).isInstanceOf(io.revloop.inbox.PermanentSyncException.class);
                    assertThat(e.recordId()).isEqualTo("001Rv00000Acme1AAA");
                    assertThat(e.field()).isEqualTo("website");
                    assertThat(e.getMessage()).contains("Account 001Rv00000Acme1AAA", "field website", "good.yaml:7");
                });
    }

    @Test
    void theBaseFileIsValid() throws IOException {
        Files.writeString(dir.resolve("good.yaml"), ACCOUNT);
        assertThat(new MappingRegistry(SCHEMAS, dir).get("good").target()).isEqualTo("ordway customer");
    }

    @Test
    void unknownSourceField() throws IOException {
        MappingError e = onlyError(line7("  website: Webseite\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("website");
        assertThat(e.message()).isEqualTo("unknown source field 'Webseite' on salesforce Account");
    }

    @Test
    void unknownSourceFieldOnARelatedRecordAndAChildRecord() throws IOException {
        String yaml = """
                source:
                  salesforce: Opportunity
                target:
                  ordway: usage
                fields:
                  customer_id: Account.Ordway_Customer_Id
                  date: CloseDate
                  quantity: $sum(OpportunityLineItems.records.Quantty)
                """;
        List<MappingError> errors = errors(yaml);
        assertThat(errors).extracting(MappingError::line, MappingError::field, MappingError::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(6, "customer_id",
                        "unknown source field 'Ordway_Customer_Id' on salesforce Account (did you mean Ordway_Customer_Id__c?)"),
                org.assertj.core.groups.Tuple.tuple(8, "quantity",
                        "unknown source field 'Quantty' on salesforce OpportunityLineItem"));
    }

    @Test
    void childRelationshipWithoutRecords() throws IOException {
        MappingError e = onlyError("""
                source:
                  salesforce: Opportunity
                target:
                  ordway: usage
                fields:
                  customer_id: Account.Ordway_Customer_Id__c
                  date: CloseDate
                  quantity: $sum(OpportunityLineItems.Quantity)
                """);
        assertThat(e.line()).isEqualTo(8);
        assertThat(e.message()).contains("use OpportunityLineItems.records.Quantity");
    }

    @Test
    void unknownTargetField() throws IOException {
        MappingError e = onlyError(line7("  web_site: Website\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("web_site");
        assertThat(e.message()).isEqualTo("unknown target field 'web_site' on ordway customer");
    }

    @Test
    void readOnlyTargetField() throws IOException {
        MappingError e = onlyError(line7("  balance: Ordway_Balance__c\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.message()).contains("read-only");
    }

    @Test
    void unknownFunction() throws IOException {
        MappingError e = onlyError(line7("  website: $lowercas(Website)\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("website");
        assertThat(e.message()).startsWith("unknown function $lowercas;");
    }

    @Test
    void functionWithoutDollar() throws IOException {
        MappingError e = onlyError(line7("  website: lowercase(Website)\n"));
        assertThat(e.message()).isEqualTo("unknown function 'lowercase' (functions start with $, e.g. $lowercase)");
    }

    @Test
    void unknownLookupAndLookupKey() throws IOException {
        List<MappingError> errors = errors(ACCOUNT.replace("fields:\n", """
                lookups:
                  regions: {key: BillingCountry, entries: {DE: {region: EMEA}}}
                fields:
                """).replace("  website: Website\n", """
                  description: $lookup('region', BillingCountry).region
                  billing_batch: $lookup('regions', BillingCountry).regio
                """));
        assertThat(errors).extracting(MappingError::line).containsExactly(9, 10);
        assertThat(errors.get(0).message()).isEqualTo("unknown lookup 'region'; this mapping declares regions under lookups:");
        assertThat(errors.get(1).message()).isEqualTo("entries of lookup 'regions' have no key 'regio' (keys: region)");
    }

    @Test
    void enumKeysMustBePicklistValues() throws IOException {
        MappingError e = onlyError(ACCOUNT.replace("fields:\n", """
                enums:
                  batch: {Customer - Direct: Direct, Customer Direct: Direct}
                fields:
                """).replace("  website: Website\n", "  billing_batch: $enum('batch', Type)\n"));
        assertThat(e.line()).isEqualTo(9);
        assertThat(e.message()).startsWith("enum 'batch' maps [Customer Direct], which is not a value of picklist Type");
    }

    @Test
    void jsonataSyntaxError() throws IOException {
        MappingError e = onlyError(line7("  website: \"Website &\"\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("website");
        assertThat(e.message()).startsWith("JSONata syntax error in 'Website &'");
    }

    @Test
    void jsonataSyntaxErrorInsideAMultiLineExpressionPointsAtItsLine() throws IOException {
        MappingError e = onlyError(line7("""
                  website:
                    expr: |
                      $coalesce(
                        Website,
                        Name &
                      )
                """));
        assertThat(e.line()).isEqualTo(12);
        assertThat(e.field()).isEqualTo("website");
    }

    @Test
    void missingRequiredTargetField() throws IOException {
        MappingError e = onlyError(ACCOUNT.replace("  name: Name\n", ""));
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("name");
        assertThat(e.message()).isEqualTo(
                "required target field 'name' of ordway customer is not mapped (give it an expr or a default)");
    }

    @Test
    void missingRequiredFieldOfAListItem() throws IOException {
        MappingError e = onlyError("""
                source:
                  salesforce: Opportunity
                target:
                  ordway: subscription
                fields:
                  customer_id: Account.Ordway_Customer_Id__c
                  contract_effective_date: Contract_Start_Date__c
                  service_start_date: Contract_Start_Date__c
                  billing_start_date: Contract_Start_Date__c
                  plans:
                    each: OpportunityLineItems.records
                    fields:
                      plan_id: Product2.Ordway_Plan_Id__c
                      quantity: Quantity
                """);
        assertThat(e.line()).isEqualTo(10);
        assertThat(e.field()).isEqualTo("plans[].charge_id");
        assertThat(e.message()).contains("'charge_id' of ordway subscription_plan is not mapped");
    }

    @Test
    void typeMismatch() throws IOException {
        List<MappingError> errors = errors("""
                source:
                  salesforce: Opportunity
                target:
                  ordway: usage
                fields:
                  customer_id: Account.Ordway_Customer_Id__c
                  date: Amount
                  quantity:
                    expr: CloseDate
                    type: number
                """);
        assertThat(errors).extracting(MappingError::line, MappingError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(7, "date"), org.assertj.core.groups.Tuple.tuple(9, "quantity"));
        assertThat(errors.get(0).message()).isEqualTo(
                "type mismatch: 'Amount' yields Amount, a money, but ordway usage.date is date");
        assertThat(errors.get(1).message()).isEqualTo(
                "type mismatch: 'CloseDate' yields CloseDate, a date, but ordway usage.quantity is number");
    }

    @Test
    void declaredTypeMismatch() throws IOException {
        MappingError e = onlyError(line7("""
                  tax_exempt:
                    expr: Name
                    type: date
                """));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isEqualTo("tax_exempt");
        assertThat(e.message()).isEqualTo("type mismatch: declared date but ordway customer.tax_exempt is boolean");
    }

    @Test
    void unknownKeysAndYamlErrorsAreReportedToo() throws IOException {
        MappingError e = onlyError(line7("  website: {exp: Website}\n"));
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.message()).startsWith("unknown key 'exp'");

        Files.delete(dir.resolve("bad.yaml"));
        MappingError yaml = onlyError(line7("  website: [Website\n"));
        assertThat(yaml.message()).startsWith("not valid YAML");
    }

    @Test
    void everyBrokenFileIsListedAtOnce() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), line7("  website: Webseite\n"));
        Files.writeString(dir.resolve("b.yaml"), line7("  web_site: Website\n"));

        assertThatThrownBy(() -> new MappingRegistry(SCHEMAS, dir)).isInstanceOf(MappingValidationException.class)
                .hasMessageContaining("2 mapping errors")
                .hasMessageContaining("/a.yaml:7: field website: unknown source field 'Webseite'")
                .hasMessageContaining("/b.yaml:7: field web_site: unknown target field 'web_site'");
    }
}
