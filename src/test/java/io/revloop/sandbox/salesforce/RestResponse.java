package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A REST result: status, extra headers and a JSON-ready body (null for 204). */
record RestResponse(int status, Map<String, String> headers, Object body) {

    static RestResponse of(int status, Object body) {
        return new RestResponse(status, Map.of(), body);
    }

    static RestResponse noContent() {
        return new RestResponse(204, Map.of(), null);
    }

    static RestResponse error(ApiException e) {
        if (e.status() == 300) {
            return of(300, e.errors().stream().map(ApiError::message).toList());
        }
        List<Map<String, Object>> errors = e.errors().stream().map(ApiError::toJson).toList();
        return of(e.status(), errors);
    }

    RestResponse withHeader(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new RestResponse(status, all, body);
    }

    boolean failed() {
        return status >= 400;
    }
}
