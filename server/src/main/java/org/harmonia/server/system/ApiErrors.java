package org.harmonia.server.system;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps the error types to RFC 9457 problem details, once for the whole API; no stack trace ever reaches a client. */
@RestControllerAdvice
// ahead of the framework's own problem handler; pages may place their HTML error advice ahead of this one
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100)
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

    /**
     * A body that cannot be read as the request: not JSON, a key given twice, a field the request does not
     * have, a value of the wrong type or out of range, a refused text. 400 naming the field whenever there is one.
     */
    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ProblemDetail unreadable(org.springframework.http.converter.HttpMessageNotReadableException e) {
        if (RequestLimits.tooLarge(e)) {
            return tooLarge();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException refused) {
                // a request record refused its own values as it was built: the same 422 as any other invalid input
                return invalid(refused);
            }
        }
        UnreadableBody why = UnreadableBody.of(e);
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "unreadable", why.field() == null ? why.message() : why.field() + ": " + why.message());
        if (why.field() != null) {
            p.setProperty("errors", java.util.List.of(new FieldError(why.field(), why.message())));
        }
        return p;
    }

    /** A path or query parameter that is not of its type (a record id beyond 2^63, a word for a number). */
    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ProblemDetail parameterType(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == null ? "a value of another type" : switch (e.getRequiredType().getSimpleName()) {
            case "long", "Long", "int", "Integer" -> "a whole number in range";
            case "boolean", "Boolean" -> "true or false";
            default -> "a value of another type";
        };
        return parameterProblem(e.getName(), "expected " + expected);
    }

    @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(org.springframework.web.bind.MissingServletRequestParameterException e) {
        return parameterProblem(e.getParameterName(), "is required");
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(org.springframework.web.HttpMediaTypeNotSupportedException e) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                "send the body as application/json" + (e.getContentType() == null ? "" : ", not " + e.getContentType()));
    }

    @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
    ProblemDetail notAcceptable(org.springframework.web.HttpMediaTypeNotAcceptableException e) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "this resource is available as "
                + e.getSupportedMediaTypes());
    }

    @ExceptionHandler(RequestLimits.TooLarge.class)
    ProblemDetail tooLarge(RequestLimits.TooLarge e) {
        return tooLarge();
    }

    /** The database cannot be reached: the request changed nothing and may be retried. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.dao.TransientDataAccessResourceException.class})
    org.springframework.http.ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        return DatabaseOutage.answer(e);
    }

    /** Anything else is Harmonia's own fault: logged with its trace for the operators, nothing of it for the client. */
    @ExceptionHandler(Exception.class)
    org.springframework.http.ResponseEntity<ProblemDetail> unexpected(Exception e, jakarta.servlet.http.HttpServletRequest request) {
        if (DatabaseOutage.causedBy(e)) {
            return DatabaseOutage.answer(e);
        }
        if (e instanceof org.springframework.web.ErrorResponse known) {
            ProblemDetail body = known.getBody();
            body.setType(URI.create("https://harmonia.org/problems/" + (known.getStatusCode().is4xxClientError() ? "bad-request" : "server-error")));
            return org.springframework.http.ResponseEntity.status(known.getStatusCode()).body(body);
        }
        org.slf4j.LoggerFactory.getLogger(ApiErrors.class).error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return org.springframework.http.ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "server-error",
                "the server failed to answer this request; nothing was changed, and the operators can find the cause in the log"));
    }

    private static ProblemDetail parameterProblem(String name, String message) {
        ProblemDetail p = problem(HttpStatus.BAD_REQUEST, "bad-parameter", name + ": " + message);
        p.setProperty("errors", java.util.List.of(new FieldError(name, message)));
        return p;
    }

    private static ProblemDetail tooLarge() {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "the request body is larger than "
                + RequestLimits.MAX_BODY_BYTES / 1024 + " KiB");
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("https://harmonia.org/problems/" + type));
        return p;
    }
}
