package org.harmonia.server.system;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the error types to RFC 9457 problem details, once for the whole API; no stack trace ever reaches a client. */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ApiErrors {

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail p = problem(HttpStatus.CONFLICT, "conflict", e.getMessage());
        if (e.currentVersion() != null) {
            p.setProperty("currentVersion", e.currentVersion());
        }
        return p;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalid(InvalidInputException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-input", e.getMessage());
        p.setProperty("errors", e.errors());
        return p;
    }

    /** A path the API does not have. */
    @ExceptionHandler(org.springframework.web.servlet.resource.NoResourceFoundException.class)
    ProblemDetail noSuchPath(org.springframework.web.servlet.resource.NoResourceFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "no such path: /" + e.getResourcePath());
    }

    /** A method the path does not answer. */
    @ExceptionHandler(org.springframework.web.HttpRequestMethodNotSupportedException.class)
    ProblemDetail noSuchMethod(org.springframework.web.HttpRequestMethodNotSupportedException e) {
        ProblemDetail p = problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", e.getMethod() + " is not supported here"
                + (e.getSupportedHttpMethods() == null ? "" : "; use " + e.getSupportedHttpMethods()));
        return p;
    }

    /** A body that is not JSON, or a value of the wrong type: 400 naming the field when Jackson knows it. */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ProblemDetail unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        String field = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.databind.DatabindException d && !d.getPath().isEmpty()) {
                field = d.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null);
                break;
            }
        }
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "unreadable", field == null
                ? "the request body is not valid JSON"
                : field + ": the value has the wrong type or format (dates are yyyy-mm-dd)");
        if (field != null) {
            p.setProperty("errors", java.util.List.of(new FieldError(field, "wrong type or format")));
        }
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://harmonia.org/problems/" + type));
        return p;
    }
}
