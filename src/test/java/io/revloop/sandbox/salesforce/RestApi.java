package io.revloop.sandbox.salesforce;

/** Routes a REST call to its resource family; composite subrequests come back through here. */
final class RestApi {

    private final SObjectResource sobjects;
    private final QueryResource query;
    private final CompositeResource composite;
    private final CollectionsResource collections;
    private final LimitsResource limits;

    RestApi(SObjectSchema schema, QueryLocators locators, ApiUsage usage) {
        this.sobjects = new SObjectResource(schema);
        this.query = new QueryResource(schema, locators);
        this.collections = new CollectionsResource(schema);
        this.composite = new CompositeResource(this);
        this.limits = new LimitsResource(usage);
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        try {
            String[] segments = req.segments();
            if (segments.length == 0) {
                return VersionsResource.resources(req);
            }
            return switch (segments[0]) {
                case "sobjects" -> sobjects.handle(req, tx);
                case "query", "queryAll" -> query.handle(req, tx);
                case "composite" -> segments.length > 1 && segments[1].equals("sobjects")
                        ? collections.handle(req, tx) : composite.handle(req, tx);
                case "limits" -> limits.handle(req);
                default -> throw ApiException.notFound();
            };
        } catch (ApiException e) {
            return RestResponse.error(e);
        }
    }
}
