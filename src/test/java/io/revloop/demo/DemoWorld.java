package io.revloop.demo;

import io.revloop.sandbox.ordway.OrdwaySandbox;
import io.revloop.sandbox.salesforce.SalesforceOrg;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small, realistic company seeded into both sandboxes: sales and success users, accounts in five currencies with
 * contacts, the shared product catalogue, and open opportunities with line items ready to be closed.
 */
public final class DemoWorld {

    private record Company(String name, String currency, String city, String country, String domain) {
    }

    private static final List<Company> COMPANIES = List.of(
            new Company("Acme Robotics", "USD", "Austin", "United States", "acme-robotics.example"),
            new Company("Globex Logistik GmbH", "EUR", "Hamburg", "Germany", "globex.example"),
            new Company("Initech Analytics Ltd", "GBP", "Leeds", "United Kingdom", "initech.example"),
            new Company("Umbrella Health Pty", "AUD", "Melbourne", "Australia", "umbrella.example"),
            new Company("Northwind Outfitters", "CAD", "Calgary", "Canada", "northwind.example"));

    private static final String[][] PEOPLE = {
            {"Maria", "Lopez"}, {"Jonas", "Becker"}, {"Priya", "Shah"}, {"Tom", "Nguyen"}, {"Aiko", "Sato"},
            {"Liam", "O'Brien"}, {"Sofia", "Rossi"}, {"Noah", "Martin"}, {"Emma", "Dubois"}, {"Lucas", "Silva"}};

    private static final String[] FREQUENCIES = {"Monthly", "Quarterly", "Annually", "Quarterly", "Annually"};

    private final SalesforceOrg org;
    private final DemoCatalog catalog;
    private final Random random = new Random(7);
    private final List<String> openOpportunities = new ArrayList<>();
    private Map<String, Map<String, String>> priceBookEntries;
    private String salesRepId;
    private String successManagerId;

    public DemoWorld(SalesforceOrg org, DemoCatalog catalog) {
        this.org = org;
        this.catalog = catalog;
    }

    public DemoWorld seed(OrdwaySandbox ordway, LocalDate today) {
        catalog.seedOrdway(ordway);
        priceBookEntries = catalog.seedSalesforce(org);
        salesRepId = org.create("User", Map.of("Username", "alex.rep@revloop-demo.example", "FirstName", "Alex",
                "LastName", "Rep", "Email", "alex.rep@revloop-demo.example", "Alias", "arep"));
        successManagerId = org.create("User", Map.of("Username", "casey.csm@revloop-demo.example", "FirstName",
                "Casey", "LastName", "Success", "Email", "casey.csm@revloop-demo.example", "Alias", "ccsm"));
        for (int i = 0; i < COMPANIES.size(); i++) {
            Company company = COMPANIES.get(i);
            String accountId = org.create("Account", Map.of("Name", company.name(), "CurrencyIsoCode",
                    company.currency(), "BillingCity", company.city(), "BillingCountry", company.country(),
                    "Website", "https://" + company.domain(), "OwnerId", salesRepId,
                    "Customer_Success_Manager__c", successManagerId, "Type", "Prospect"));
            List<String> contacts = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                String[] person = PEOPLE[i * 2 + p];
                contacts.add(org.create("Contact", Map.of("FirstName", person[0], "LastName", person[1],
                        "Email", person[0].toLowerCase() + "@" + company.domain(), "Phone", "+1 555 010" + i + p,
                        "AccountId", accountId, "MailingCity", company.city(), "MailingCountry", company.country())));
            }
            openOpportunities.add(opportunity(company, accountId, contacts.get(0), FREQUENCIES[i], today));
        }
        return this;
    }

    private String opportunity(Company company, String accountId, String billingContact, String frequency,
                               LocalDate today) {
        LocalDate start = today.plusDays(1);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Name", company.name() + " - Platform " + start.getYear());
        fields.put("AccountId", accountId);
        fields.put("StageName", "Negotiation/Review");
        fields.put("CloseDate", today.toString());
        fields.put("CurrencyIsoCode", company.currency());
        fields.put("Pricebook2Id", org.standardPricebookId());
        fields.put("Type", "New Customer");
        fields.put("OwnerId", salesRepId);
        fields.put("Billing_Frequency__c", frequency);
        fields.put("Contract_Start_Date__c", start.toString());
        fields.put("Service_Start_Date__c", start.toString());
        fields.put("Billing_Start_Date__c", start.toString());
        fields.put("Contract_Term_Months__c", 12);
        fields.put("Auto_Renew__c", true);
        fields.put("Payment_Terms__c", "Net 30");
        fields.put("Billing_Contact__c", billingContact);
        String opportunityId = org.create("Opportunity", fields);
        org.create("OpportunityContactRole", Map.of("OpportunityId", opportunityId, "ContactId", billingContact,
                "Role", "Billing Contact", "IsPrimary", true));
        line(opportunityId, "PLAT-USER", company.currency(), 10 + random.nextInt(40), BigDecimal.ZERO);
        line(opportunityId, "SEATS-VOL", company.currency(), 5 + random.nextInt(60), BigDecimal.ZERO);
        line(opportunityId, "ONBOARD", company.currency(), 1, new BigDecimal("10"));
        return opportunityId;
    }

    private void line(String opportunityId, String code, String currency, int quantity, BigDecimal discount) {
        BigDecimal unitPrice = catalog.listPrice(code).multiply(DemoCatalog.RATES.get(currency))
                .setScale(2, java.math.RoundingMode.HALF_UP);
        org.create("OpportunityLineItem", Map.of("OpportunityId", opportunityId,
                "PricebookEntryId", priceBookEntries.get(code).get(currency), "Quantity", quantity,
                "UnitPrice", unitPrice, "Discount", discount));
    }

    /** Closes one open opportunity as the sales rep would; returns its id, or null when none is left. */
    public synchronized String closeNextDeal() {
        if (openOpportunities.isEmpty()) {
            return null;
        }
        String id = openOpportunities.remove(0);
        org.updateAs(salesRepId, "Opportunity", id, Map.of("StageName", "Closed Won"));
        return id;
    }

    public int openDeals() {
        return openOpportunities.size();
    }
}
