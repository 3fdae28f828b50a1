package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /services/data/} and {@code GET /services/data/vXX.X/}. */
final class VersionsResource {

    static final int OLDEST = 31;
    static final int NEWEST = 64;
    private static final String[] SEASONS = {"Winter", "Spring", "Summer"};

    private VersionsResource() {
    }

    static boolean supported(String version) {
        if (!version.matches("\\d+\\.0")) {
            return false;
        }
        int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
        return major >= OLDEST && major <= NEWEST;
    }

    /** Releases run Winter, Spring, Summer; 59.0 was Winter '24. */
    static List<Map<String, Object>> versions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int major = OLDEST; major <= NEWEST; major++) {
            int index = major - 59;
            Map<String, Object> version = new LinkedHashMap<>();
            version.put("label", SEASONS[Math.floorMod(index, 3)] + " '" + (24 + Math.floorDiv(index, 3)));
            version.put("url", "/services/data/v" + major + ".0");
            version.put("version", major + ".0");
            out.add(version);
        }
        return out;
    }

    static RestResponse resources(RestRequest req) {
        Map<String, Object> out = new LinkedHashMap<>();
        String base = "/services/data/v" + req.apiVersion() + "/";
        for (String resource : List.of("composite", "limits", "query", "queryAll", "sobjects")) {
            out.put(resource, base + resource);
        }
        return RestResponse.of(200, out);
    }
}
