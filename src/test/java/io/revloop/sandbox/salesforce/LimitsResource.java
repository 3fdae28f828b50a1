package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET limits/}: the daily API allocation is live; the other limits are a fresh org's. */
final class LimitsResource {

    private final ApiUsage usage;

    LimitsResource(ApiUsage usage) {
        this.usage = usage;
    }

    RestResponse handle(RestRequest req) {
        if (!req.method().equals("GET")) {
            throw new ApiException(405, ApiError.of("METHOD_NOT_ALLOWED", "HTTP Method '" + req.method() + "' not allowed. Allowed are GET"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ConcurrentAsyncGetReportInstances", limit(200, 200));
        out.put("ConcurrentSyncReportRuns", limit(20, 20));
        out.put("DailyApiRequests", limit(usage.max(), usage.remaining()));
        out.put("DailyAsyncApexExecutions", limit(250000, 250000));
        out.put("DailyBulkApiBatches", limit(15000, 15000));
        out.put("DailyBulkV2QueryFileStorageMB", limit(976562, 976562));
        out.put("DailyBulkV2QueryJobs", limit(10000, 10000));
        out.put("DailyDurableGenericStreamingApiEvents", limit(10000, 10000));
        out.put("DailyDurableStreamingApiEvents", limit(10000, 10000));
        out.put("DailyGenericStreamingApiEvents", limit(10000, 10000));
        out.put("DailyStandardVolumePlatformEvents", limit(10000, 10000));
        out.put("DailyStreamingApiEvents", limit(10000, 10000));
        out.put("DataStorageMB", limit(5, 5));
        out.put("DurableStreamingApiConcurrentClients", limit(20, 20));
        out.put("FileStorageMB", limit(20, 20));
        out.put("HourlyPublishedPlatformEvents", limit(50000, 50000));
        out.put("SingleEmail", limit(15, 15));
        out.put("StreamingApiConcurrentClients", limit(20, 20));
        return RestResponse.of(200, out);
    }

    private static Map<String, Object> limit(int max, int remaining) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Max", max);
        out.put("Remaining", remaining);
        return out;
    }
}
