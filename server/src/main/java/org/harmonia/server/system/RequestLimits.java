package org.harmonia.server.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits every request before anything reads it: a body of at most {@link #MAX_BODY_BYTES} (declared or
 * streamed), and query or form parameters free of control characters and of sensible length. Runs first,
 * so that nothing (the sign-in included) ever passes such input on to the database.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestLimits extends OncePerRequestFilter {
    /** No request of the API needs more: a form of several hundred fields is a few KiB. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            Problems.write(request, response, ApiErrors.problem(HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB"));
            return;
        }
        String refused = refusedParameter(request);
        if (refused != null) {
            Problems.write(request, response, refused(refused));
            return;
        }
        chain.doFilter(new Limited(request), response);
    }

    private static org.springframework.http.ProblemDetail refused(String problem) {
        int colon = problem.indexOf(": ");
        var p = ApiErrors.problem(HttpStatus.BAD_REQUEST, "bad-parameter", problem);
        p.setProperty("errors", java.util.List.of(new FieldError(problem.substring(0, colon), problem.substring(colon + 2))));
        return p;
    }

    /** The first parameter that breaks the text rules, as "name: why", or null. */
    private static String refusedParameter(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            return "query: the query string cannot be read";
        }
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            String name = e.getKey();
            String nameProblem = Text.problem(name, 100, false);
            if (name.isEmpty() || nameProblem != null) {
                return "query: a parameter has " + (name.isEmpty() ? "no name" : "a name that " + nameProblem);
            }
            for (String value : e.getValue()) {
                String problem = Text.problem(value, Text.MULTI_LINE_MAX, true);
                if (problem != null) {
                    return name + ": " + problem;
                }
            }
        }
        return null;
    }

    /** Whether reading a body failed because it was too large. */
    static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** A body found to be too large while it was read (no or a false Content-Length). */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
        }
    }

    /** Counts the bytes read and fails past the limit. */
    private static final class Limited extends HttpServletRequestWrapper {
        private ServletInputStream stream;

        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws TooLarge {
                        read += n;
                        if (read > MAX_BODY_BYTES) {
                            throw new TooLarge();
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
