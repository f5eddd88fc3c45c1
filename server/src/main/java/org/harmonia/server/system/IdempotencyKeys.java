package org.harmonia.server.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.harmonia.server.security.Caller;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on creating requests ({@code POST} and {@code PUT} under {@code /api/}): the request runs
 * in one transaction together with the record of its key and its answer, and the answer leaves the server only
 * after that transaction committed. A repeat with the same key (the client lost the first answer) gets the first
 * answer again, marked {@code Idempotent-Replayed: true}, and creates nothing; a key reused for another request is
 * refused. A refused request (any 4xx or 5xx) stores nothing, so the corrected request may reuse its key.
 */
@Component
@Order(0) // after Spring Security's filters (-100): the key belongs to the signed-in user
public class IdempotencyKeys extends OncePerRequestFilter {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    public static final int MAX_KEY_LENGTH = 255;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public IdempotencyKeys(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !keyed(request.getMethod(), request.getRequestURI());
    }

    /**
     * Whether a request to the path (or path template) takes a key: creating requests under {@code /api/}, except
     * those that carry a secret (a password, a new token, a temporary password), which are never kept, not even as a
     * hash of the request.
     */
    public static boolean keyed(String method, String path) {
        return (method.equals("POST") || method.equals("PUT")) && path.startsWith("/api/") && !path.equals("/api/auth/token")
                && !path.equals("/api/me/password") && !path.endsWith("/password-reset") && !path.equals("/api/admin/users");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        String problem = key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)
                ? "use 1 to " + MAX_KEY_LENGTH + " visible ASCII characters, e.g. a UUID" : null;
        if (problem != null) {
            ProblemDetail p = ApiErrors.problem(HttpStatus.BAD_REQUEST, "bad-parameter", HEADER + ": " + problem);
            p.setProperty("errors", List.of(new FieldError(HEADER, problem)));
            Problems.write(request, response, p);
            return;
        }
        Optional<String> user = user();
        if (user.isEmpty()) {
            chain.doFilter(request, response); // refused further on as unauthenticated
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String fingerprint = sha256(request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n", body);
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        // a database that fails here (the commit included) is answered 503 by DatabaseOutage.Guard around every request.
        // The key is written once, with its answer, at the end of the request's transaction: a first request costs one
        // statement. A repeat runs too, but its insert waits for the first one's transaction and finds the key, so all
        // it did is rolled back and the first answer is sent instead; a repeat refused on the way (409: already
        // randomised) looks for the stored answer as well.
        Stored replay = tx.execute(status -> {
            try {
                chain.doFilter(new Replayable(request, body), answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ServletException e) {
                throw new IllegalStateException(e);
            }
            if (answer.getStatus() >= 200 && answer.getStatus() < 300 && jdbc.sql("""
                    insert into idempotency_key (username, idempotency_key, request_sha256, status, content_type, location, body)
                    values (?, ?, ?, ?, ?, ?, ?)
                    on conflict do nothing""").params(user.get(), key, fingerprint, answer.getStatus(), answer.getContentType(),
                    answer.getHeader("Location"), answer.getContentAsByteArray()).update() == 1) {
                return null;
            }
            status.setRollbackOnly();
            return jdbc.sql("select * from idempotency_key where username = ? and idempotency_key = ?")
                    .params(user.get(), key).query((rs, n) -> new Stored(rs.getString("request_sha256"), rs.getInt("status"),
                            rs.getString("content_type"), rs.getString("location"), rs.getBytes("body"))).optional().orElse(null);
        });
        if (replay == null) {
            answer.copyBodyToResponse();
            return;
        }
        if (!replay.requestSha256().equals(fingerprint)) {
            ProblemDetail p = ApiErrors.problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    HEADER + ": this key was already used for a different request; use a new key for a new request");
            p.setProperty("errors", List.of(new FieldError(HEADER, "already used for a different request")));
            Problems.write(request, response, p);
            return;
        }
        response.setStatus(replay.status());
        response.setHeader(REPLAYED, "true");
        if (replay.contentType() != null) {
            response.setContentType(replay.contentType());
        }
        // the repeat's own Location, if it made one, was rolled back with it
        response.setHeader("Location", replay.location());
        byte[] stored = replay.body() == null ? new byte[0] : replay.body();
        response.setContentLength(stored.length);
        response.getOutputStream().write(stored);
    }

    private static Optional<String> user() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a != null && a.isAuthenticated() && a.getPrincipal() instanceof Caller c ? Optional.of(c.username()) : Optional.empty();
    }

    private static String sha256(String head, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(head.getBytes(StandardCharsets.UTF_8));
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(String requestSha256, int status, String contentType, String location, byte[] body) {
    }

    /** The request with its body already read (to hash it), readable again by the controllers. */
    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
