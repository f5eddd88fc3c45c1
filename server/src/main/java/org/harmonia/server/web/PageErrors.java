package org.harmonia.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A page that fails answers an HTML error page in the user's language. It runs before the API's problem
 * mapping and leaves every {@code /api/} request to it, so the API's problem JSON stays exactly as it is.
 * Pages show invalid input next to its field; what still arrives here (a tampered form) gets a 4xx page, never a 5xx.
 */
@org.springframework.stereotype.Controller
public class PageErrors implements HandlerExceptionResolver, Ordered {
    /** Where Spring Security forwards a refused page request. */
    public static final String DENIED = "/refused";
    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    @org.springframework.web.bind.annotation.RequestMapping(DENIED)
    public ModelAndView refused(HttpServletResponse response) {
        response.setStatus(403);
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", 403);
        return page;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
        if (request.getRequestURI().startsWith("/api/")) {
            return null;
        }
        int status;
        if (e instanceof NotFoundException || e instanceof NoResourceFoundException) {
            status = 404;
        } else if (e instanceof ForbiddenException) {
            status = 403;
        } else if (e instanceof org.harmonia.server.system.InvalidInputException
                || e instanceof org.springframework.web.bind.MissingServletRequestParameterException
                || e instanceof org.springframework.web.method.annotation.MethodArgumentTypeMismatchException) {
            status = 422;
        } else if (e instanceof org.harmonia.server.system.ConflictException) {
            status = 409;
        } else if (e instanceof org.springframework.web.HttpRequestMethodNotSupportedException) {
            status = 405;
        } else if (e instanceof org.springframework.security.access.AccessDeniedException
                || e instanceof org.springframework.security.core.AuthenticationException) {
            return null; // Spring Security's own handling: sign-in page or 403
        } else {
            log.error("page {} {} failed", request.getMethod(), request.getRequestURI(), e);
            status = 500;
        }
        response.setStatus(status);
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", status);
        return page;
    }

    @Override
    public int getOrder() {
        // after Boot's DefaultErrorAttributes (which only notes the exception), before the @ExceptionHandler methods
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
