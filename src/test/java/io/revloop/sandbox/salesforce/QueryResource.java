package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code query/?q=}, {@code queryAll/?q=} and {@code query/<locator>-<offset>} (queryMore). */
final class QueryResource {

    static final int DEFAULT_BATCH = 2000;
    private static final int MIN_BATCH = 200;
    private static final Pattern BATCH_SIZE = Pattern.compile("batchSize\\s*=\\s*(\\d+)");

    private final SObjectSchema schema;
    private final QueryLocators locators;

    QueryResource(SObjectSchema schema, QueryLocators locators) {
        this.schema = schema;
        this.locators = locators;
    }

    RestResponse handle(RestRequest req, Transaction tx) {
        if (!req.method().equals("GET")) {
            throw SObjectResource.methodNotAllowed(req, "GET, HEAD");
        }
        String[] s = req.segments();
        if (s.length == 2) {
            return more(req, s[0], s[1]);
        }
        String soql = req.param("q");
        if (soql == null || soql.isBlank()) {
            throw ApiException.badRequest("MALFORMED_QUERY", "A query string has to be specified", null);
        }
        SoqlQuery query = SoqlParser.parse(soql);
        SoqlEngine.Result result = new SoqlEngine(schema, tx, soql, req.apiVersion(), s[0].equals("queryAll")).run(query);
        return RestResponse.of(200, page(req, s[0], result.totalSize(), result.records(), 0, batchSize(req), null));
    }

    private RestResponse more(RestRequest req, String resource, String cursor) {
        int dash = cursor.lastIndexOf('-');
        QueryLocators.Cursor open = dash < 0 ? null : locators.get(cursor.substring(0, dash));
        if (open == null) {
            throw ApiException.badRequest("INVALID_QUERY_LOCATOR", "invalid query locator", null);
        }
        int offset = Integer.parseInt(cursor.substring(dash + 1));
        return RestResponse.of(200, page(req, resource, open.records().size(), open.records(), offset, open.batchSize(),
                cursor.substring(0, dash)));
    }

    private Map<String, Object> page(RestRequest req, String resource, int totalSize, List<Map<String, Object>> records,
            int offset, int batchSize, String locator) {
        int end = Math.min(records.size(), offset + batchSize);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("totalSize", totalSize);
        boolean done = end >= records.size();
        out.put("done", done);
        if (!done) {
            String id = locator != null ? locator : locators.open(records, batchSize);
            out.put("nextRecordsUrl", req.versionUrl() + resource + "/" + id + "-" + end);
        } else if (locator != null) {
            locators.close(locator);
        }
        out.put("records", records.subList(Math.min(offset, records.size()), end));
        return out;
    }

    /** {@code Sforce-Query-Options: batchSize=N} is a hint between 200 and 2,000. */
    private static int batchSize(RestRequest req) {
        String options = req.header("Sforce-Query-Options");
        if (options == null) {
            return DEFAULT_BATCH;
        }
        Matcher m = BATCH_SIZE.matcher(options);
        return m.find() ? Math.max(MIN_BATCH, Math.min(DEFAULT_BATCH, Integer.parseInt(m.group(1)))) : DEFAULT_BATCH;
    }
}
