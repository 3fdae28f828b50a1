package io.revloop.deadletter;

import org.springframework.http.HttpStatus;

/** An admin action refused for a reason the operator can act on; carries the HTTP status to answer with. */
public class AdminActionException extends RuntimeException {

    private final HttpStatus status;

    public AdminActionException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
