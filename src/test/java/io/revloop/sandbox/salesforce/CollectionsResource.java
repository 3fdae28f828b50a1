package io.revloop.sandbox.salesforce;

final class CollectionsResource {
    CollectionsResource(SObjectSchema schema, SObjectResource sobjects) {
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        throw ApiException.notFound();
    }
}
