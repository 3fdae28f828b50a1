package io.revloop.sandbox.salesforce;

final class QueryResource {
    QueryResource(SObjectSchema schema, QueryLocators locators) {
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        throw ApiException.notFound();
    }
}
