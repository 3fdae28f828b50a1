package io.revloop.sandbox.salesforce;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One REST call, independent of HTTP so composite subrequests run through the same code.
 *
 * @param path    the resource path after {@code /services/data/vXX.X/}, without leading or trailing slash
 * @param query   decoded query parameters
 * @param headers header values by lower-case name
 * @param body    parsed JSON (Map, List, scalars) or null
 */
record RestRequest(String method, String apiVersion, String path, Map<String, List<String>> query,
        Map<String, String> headers, Object body) {

    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    String[] segments() {
        return path.isEmpty() ? new String[0] : path.split("/");
    }

    String versionUrl() {
        return "/services/data/v" + apiVersion + "/";
    }
}
