package io.revloop.sandbox.salesforce;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST composite}: up to 25 subrequests in one transaction, later ones referring to earlier results with
 * {@code @{refId.field}} or {@code @{refId.records[0].Id}}; with allOrNone a failure undoes them all.
 */
final class CompositeResource {

    static final int MAX_SUBREQUESTS = 25;
    private static final Pattern REFERENCE = Pattern.compile("@\\{([A-Za-z0-9_]+)((?:\\.[A-Za-z0-9_]+|\\[\\d+])*)}");
    private static final Pattern URL = Pattern.compile("/services/data/v(\\d+\\.\\d)/([^?]*)(?:\\?(.*))?");
    private static final String HALTED = "The transaction was rolled back since another operation in the same transaction failed.";

    private final RestApi api;

    CompositeResource(RestApi api) {
        this.api = api;
    }

    @SuppressWarnings("unchecked")
    RestResponse handle(RestRequest req, Transaction tx) {
        if (req.segments().length != 1) {
            throw ApiException.notFound();
        }
        if (!req.method().equals("POST")) {
            throw SObjectResource.methodNotAllowed(req, "POST");
        }
        Map<String, Object> body = SObjectResource.bodyMap(req);
        if (!(body.get("compositeRequest") instanceof List<?> list) || list.isEmpty()) {
            throw ApiException.badRequest("JSON_PARSER_ERROR", "The request body must contain compositeRequest", null);
        }
        if (list.size() > MAX_SUBREQUESTS) {
            throw ApiException.badRequest("LIMIT_EXCEEDED", "Limit Exceeded: maximum of " + MAX_SUBREQUESTS
                    + " subrequests are allowed in a composite request", null);
        }
        boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
        Map<String, Object> results = new LinkedHashMap<>();
        List<Map<String, Object>> responses = new ArrayList<>();
        boolean halted = false;
        for (Object item : list) {
            Map<String, Object> sub = (Map<String, Object>) item;
            String referenceId = (String) sub.get("referenceId");
            if (halted) {
                responses.add(halted(referenceId));
                continue;
            }
            RestResponse response = run(sub, req, tx, results);
            responses.add(subResult(referenceId, response));
            if (response.failed() && allOrNone) {
                halted = true;
                tx.rollbackTo(0);
            } else if (!response.failed()) {
                results.put(referenceId, response.body());
            }
        }
        if (halted) {
            for (int i = 0; i < responses.size(); i++) {
                if ((int) responses.get(i).get("httpStatusCode") < 400) {
                    responses.set(i, halted((String) responses.get(i).get("referenceId")));
                }
            }
        }
        return RestResponse.of(200, Map.of("compositeResponse", responses));
    }

    @SuppressWarnings("unchecked")
    private RestResponse run(Map<String, Object> sub, RestRequest parent, Transaction tx, Map<String, Object> results) {
        int savepoint = tx.savepoint();
        RestResponse response;
        try {
            String url = (String) resolve(sub.get("url"), results);
            Matcher m = URL.matcher(url);
            if (!m.matches() || !VersionsResource.supported(m.group(1))) {
                throw ApiException.notFound();
            }
            Map<String, String> headers = new LinkedHashMap<>(parent.headers());
            if (sub.get("httpHeaders") instanceof Map<?, ?> extra) {
                ((Map<String, Object>) extra).forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.valueOf(v)));
            }
            RestRequest request = new RestRequest(String.valueOf(sub.get("method")).toUpperCase(Locale.ROOT), m.group(1),
                    RestServlet.trimSlashes(m.group(2)), RestServlet.query(m.group(3)), headers, resolve(sub.get("body"), results));
            if (request.segments().length > 0 && request.segments()[0].equals("composite")) {
                throw ApiException.badRequest("INVALID_API_INPUT", "Composite requests cannot be nested", null);
            }
            response = api.handle(request, tx);
        } catch (ApiException e) {
            response = RestResponse.error(e);
        }
        if (response.failed()) {
            tx.rollbackTo(savepoint);
        }
        return response;
    }

    /** Replaces {@code @{ref.path}} in strings, lists and maps with values from earlier results. */
    @SuppressWarnings("unchecked")
    private static Object resolve(Object value, Map<String, Object> results) {
        if (value instanceof String text) {
            Matcher m = REFERENCE.matcher(text);
            if (m.matches()) {
                return lookup(m, results, text);
            }
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(lookup(m, results, text))));
            }
            m.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> out.put(k, resolve(v, results)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> resolve(v, results)).toList();
        }
        return value;
    }

    private static Object lookup(Matcher m, Map<String, Object> results, String expression) {
        String ref = m.group(1);
        Object current = results.get(ref);
        Matcher step = Pattern.compile("\\.([A-Za-z0-9_]+)|\\[(\\d+)]").matcher(m.group(2));
        while (current != null && step.find()) {
            if (step.group(1) != null) {
                current = current instanceof Map<?, ?> map ? map.get(step.group(1)) : null;
            } else {
                int index = Integer.parseInt(step.group(2));
                current = current instanceof List<?> list && index < list.size() ? list.get(index) : null;
            }
        }
        if (current == null) {
            throw ApiException.badRequest("PROCESSING_HALTED", "Invalid reference specified. No value for "
                    + m.group().substring(2, m.group().length() - 1) + " found in " + ref + ". Provided referenceId ('"
                    + ref + "') must start with a letter or a number, and it can contain only letters, numbers and underscores "
                    + "('_').", null);
        }
        return current;
    }

    private static Map<String, Object> subResult(String referenceId, RestResponse response) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("body", response.body());
        out.put("httpHeaders", response.headers());
        out.put("httpStatusCode", response.status());
        out.put("referenceId", referenceId);
        return out;
    }

    private static Map<String, Object> halted(String referenceId) {
        return subResult(referenceId, RestResponse.of(400, List.of(ApiError.of("PROCESSING_HALTED", HALTED).toJson())));
    }
}
