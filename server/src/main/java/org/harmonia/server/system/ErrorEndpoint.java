package org.harmonia.server.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers when a request failed outside the controllers (a filter threw, the
 * container refused the request): the same problem JSON as everywhere else, never the framework's default
 * body or a stack trace.
 */
@RestController
public class ErrorEndpoint implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ErrorEndpoint.class);

    @RequestMapping(value = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    public Object error(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (isPage(request, path)) {
            return page(code, failure, path, response);
        }
        if (failure != null && DatabaseOutage.causedBy(failure)) {
            return withInstance(DatabaseOutage.answer(failure), path);
        }
        HttpStatus status = code instanceof Integer i ? HttpStatus.resolve(i) : null;
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (failure != null && RequestLimits.tooLarge(failure)) {
            status = HttpStatus.CONTENT_TOO_LARGE;
        }
        if (status.is5xxServerError()) {
            log.error("{} failed", path, failure);
        }
        ProblemDetail p = ApiErrors.problem(status, type(status), detail(status));
        return withInstance(ResponseEntity.status(status).body(p), path);
    }

    /** A browser asking for a page (not the API) gets the error page in its language, like every other failed page. */
    private static boolean isPage(HttpServletRequest request, String path) {
        String accept = request.getHeader("Accept");
        return path != null && !path.startsWith("/api/") && !path.startsWith("/actuator") && !path.startsWith("/v3/")
                && accept != null && accept.contains("text/html");
    }

    private static org.springframework.web.servlet.ModelAndView page(Object code, Throwable failure, String path,
                                                                     jakarta.servlet.http.HttpServletResponse response) {
        int status = code instanceof Integer i ? i : 500;
        if (failure != null && DatabaseOutage.causedBy(failure)) {
            DatabaseOutage.logOnce(failure);
            status = 503;
        } else if (failure != null && RequestLimits.tooLarge(failure)) {
            status = 413;
        } else if (status >= 500) {
            log.error("{} failed", path, failure);
        }
        response.setStatus(status);
        org.springframework.web.servlet.ModelAndView page = new org.springframework.web.servlet.ModelAndView("error");
        page.addObject("status", status);
        return page;
    }

    private static ResponseEntity<ProblemDetail> withInstance(ResponseEntity<ProblemDetail> answer, String path) {
        if (answer.getBody() != null && path != null) {
            answer.getBody().setInstance(URI.create(Problems.safePath(path)));
        }
        return answer;
    }

    private static String type(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case CONTENT_TOO_LARGE -> "too-large";
            default -> status.is4xxClientError() ? "bad-request" : "server-error";
        };
    }

    private static String detail(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "no such path";
            case CONTENT_TOO_LARGE -> "the request body is larger than " + RequestLimits.MAX_BODY_BYTES / 1024 + " KiB";
            case BAD_REQUEST -> "the request is malformed (its path, query string or headers cannot be read)";
            default -> status.is4xxClientError() ? "the request was refused" : "the server failed to answer this request; "
                    + "nothing was changed, and the operators can find the cause in the log";
        };
    }
}
