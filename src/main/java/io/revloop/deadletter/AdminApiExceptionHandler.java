package io.revloop.deadletter;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Problem details for the admin API; messages name ids and parameters, never payload values. */
@RestControllerAdvice(assignableTypes = {DeadLetterAdminController.class, AuditAdminController.class})
public class AdminApiExceptionHandler {

    @ExceptionHandler(AdminActionException.class)
    ProblemDetail refused(AdminActionException e) {
        return ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        StringBuilder detail = new StringBuilder("Invalid request:");
        e.getBindingResult().getFieldErrors().forEach(
                error -> detail.append(' ').append(error.getField()).append(' ').append(error.getDefaultMessage()).append(';'));
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.toString());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid value for parameter '" + e.getName()
                + "'" + (e.getRequiredType() == null ? "" : ", expected " + e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Request body is missing or not valid JSON");
    }
}
