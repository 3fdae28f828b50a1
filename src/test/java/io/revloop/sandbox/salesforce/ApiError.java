package io.revloop.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of Salesforce's error array: {@code {"message","errorCode","fields"}}. */
public record ApiError(String message, String errorCode, List<String> fields) {

    public static ApiError of(String errorCode, String message) {
        return new ApiError(message, errorCode, null);
    }

    public static ApiError of(String errorCode, String message, List<String> fields) {
        return new ApiError(message, errorCode, fields);
    }

    Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", message);
        out.put("errorCode", errorCode);
        if (fields != null) {
            out.put("fields", fields);
        }
        return out;
    }
}
