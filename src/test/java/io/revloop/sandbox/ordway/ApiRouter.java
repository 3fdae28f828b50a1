package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Sends an authenticated API call to the resource that owns its first path segment, under the company lock. */
final class ApiRouter {

    private final Company company;
    private final OrdwayCredentials credentials;

    ApiRouter(Company company, OrdwayCredentials credentials) {
        this.company = company;
        this.credentials = credentials;
        company.attach(this);
    }

    OrdwayCredentials credentials() {
        return credentials;
    }

    JsonNode handle(ApiRequest request) {
        company.catchUp();
        List<String> segments = request.segments();
        if (segments.isEmpty()) {
            throw ApiException.noRoute(request.path());
        }
        return company.locked(() -> switch (segments.get(0)) {
            case "customers" -> company.customers.handle(request);
            case "products" -> company.catalog.handleProducts(request);
            case "plans" -> company.catalog.handlePlans(request);
            case "subscriptions" -> company.subscriptions.handle(request);
            case "invoices" -> company.receivables.handleInvoices(request);
            case "payments" -> company.receivables.handlePayments(request);
            case "billing_runs" -> company.receivables.handleBillingRuns(request);
            case "billing_schedules", "revenue_schedules" -> company.schedules.handle(request);
            default -> throw ApiException.noRoute(request.path());
        });
    }
}
