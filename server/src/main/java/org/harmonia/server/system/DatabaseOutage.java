package org.harmonia.server.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The database is unreachable: requests are answered 503 with a problem saying so (nothing was changed, retry
 * later), and the log gets one line, not a stack trace per request.
 */
public final class DatabaseOutage {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);
    private static final long LOG_EVERY_MILLIS = 60_000;
    private static final AtomicLong lastLogged = new AtomicLong();

    private DatabaseOutage() {
    }

    /** Whether the failure is the database being unreachable (connection refused, closed, pool exhausted, server shutting down). */
    public static boolean causedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().equals("57P01") || s.getSQLState().equals("57P02")
                    || s.getSQLState().equals("57P03"))) {
                return true;
            }
            // a rollback that fails on the dead connection hides the outage that made the transaction roll back
            if (t instanceof org.springframework.transaction.TransactionSystemException tse && tse.getApplicationException() != null
                    && causedBy(tse.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    public static ProblemDetail problem() {
        return ApiErrors.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "the database cannot be reached; nothing was changed, try again in a moment");
    }

    public static ResponseEntity<ProblemDetail> answer(Throwable e) {
        logOnce(e);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(problem());
    }

    /**
     * Catches an outage wherever it surfaces outside the controllers (the token check in the security filters
     * reads the database before any controller runs), so it is answered and logged like every other.
     */
    @org.springframework.stereotype.Component
    @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 20)
    static class Guard extends org.springframework.web.filter.OncePerRequestFilter {
        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | jakarta.servlet.ServletException e) {
                if (!causedBy(e) || response.isCommitted()) {
                    throw e;
                }
                logOnce(e);
                response.resetBuffer();
                response.setHeader("Retry-After", "5");
                Problems.write(request, response, problem());
            }
        }
    }

    static void logOnce(Throwable e) {
        long now = System.currentTimeMillis();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_MILLIS && lastLogged.compareAndSet(last, now)) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            log.warn("database unavailable, answering 503: {}", root.getMessage());
        }
    }
}
