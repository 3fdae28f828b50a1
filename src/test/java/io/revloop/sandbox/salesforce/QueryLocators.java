package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Open query cursors: the rendered result of a query, served batch by batch through {@code nextRecordsUrl}. */
final class QueryLocators {

    record Cursor(List<Map<String, Object>> records, int batchSize) {
    }

    private final SalesforceIds ids = new SalesforceIds();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();

    String open(List<Map<String, Object>> records, int batchSize) {
        String locator = ids.next("01g");
        cursors.put(locator, new Cursor(List.copyOf(records), batchSize));
        return locator;
    }

    Cursor get(String locator) {
        return cursors.get(locator);
    }

    void close(String locator) {
        cursors.remove(locator);
    }
}
