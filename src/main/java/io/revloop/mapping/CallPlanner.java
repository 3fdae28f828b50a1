package io.revloop.mapping;

import java.util.List;
import java.util.Map;

/**
 * Tells a dry-run which calls a flow would make with a mapped record. Mappings know fields, not flows: the flow that
 * uses a mapping registers a planner bean for it (e.g. "GET /customers?name=..., then POST /subscriptions").
 */
public interface CallPlanner {

    boolean supports(String mappingName);

    List<PlannedCall> plan(String mappingName, Map<String, Object> source, MappingResult result);

    /** One request the flow would send; {@code body} is JSON-ready or null. */
    record PlannedCall(String system, String method, String path, Object body) {
    }
}
