package io.revloop.sandbox.salesforce;

import java.util.List;

/** A failed API call: the HTTP status and the error array Salesforce would send. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final List<ApiError> errors;

    public ApiException(int status, List<ApiError> errors) {
        super(errors.isEmpty() ? "HTTP " + status : errors.get(0).errorCode() + ": " + errors.get(0).message());
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(int status, ApiError error) {
        this(status, List.of(error));
    }

    static ApiException badRequest(String errorCode, String message, List<String> fields) {
        return new ApiException(400, ApiError.of(errorCode, message, fields));
    }

    static ApiException notFound() {
        return new ApiException(404, ApiError.of("NOT_FOUND", "The requested resource does not exist"));
    }

    public int status() {
        return status;
    }

    public List<ApiError> errors() {
        return errors;
    }

    public String errorCode() {
        return errors.isEmpty() ? null : errors.get(0).errorCode();
    }
}
