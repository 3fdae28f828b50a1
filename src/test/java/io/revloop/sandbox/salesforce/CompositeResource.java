package io.revloop.sandbox.salesforce;

final class CompositeResource {
    CompositeResource(RestApi api) {
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        throw ApiException.notFound();
    }
}
