package io.revloop.sandbox.ordway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An error answered in one of the shapes Ordway is known to use (ordway-api.md §1.3 and §4). */
final class ApiException extends RuntimeException {

    private final int status;
    private final ObjectNode body;

    private ApiException(int status, String message, ObjectNode body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    int status() {
        return status;
    }

    ObjectNode body() {
        return body;
    }

    static ApiException invalidUser() {
        ObjectNode body = Json.object();
        body.putObject("error").put("status", 401).put("title", "Invalid Email/Token combination.");
        return new ApiException(401, "Invalid Email/Token combination.", body);
    }

    /** What the API gateway in front of Ordway answers for a missing or unknown API key. */
    static ApiException forbidden() {
        return new ApiException(403, "Forbidden", Json.object().put("message", "Forbidden"));
    }

    static ApiException notFound(String source, String model, String id) {
        String details = "Couldn't find " + model + " with 'id'=" + id;
        ObjectNode body = Json.object();
        body.putObject("errors").put("status", 404).put("source", source).put("details", details);
        return new ApiException(404, details, body);
    }

    static ApiException noRoute(String path) {
        ObjectNode body = Json.object();
        body.putObject("errors").put("status", 404).put("source", path).put("details", "No route matches " + path);
        return new ApiException(404, "No route " + path, body);
    }

    static ApiException unprocessable(String message) {
        return detailed(422, message);
    }

    static ApiException badRequest(String message) {
        return detailed(400, message);
    }

    private static ApiException detailed(int status, String message) {
        ObjectNode body = Json.object();
        body.putObject("errors").putObject("details").put("message", message);
        return new ApiException(status, message, body);
    }
}
