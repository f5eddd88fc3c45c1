package org.harmonia.server.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * The database is unreachable: requests are answered 503 with a problem saying so (nothing was changed, retry
 * later), and the failure goes to the application's {@link DatabaseAvailability}, which logs one line when the outage
 * starts and one when it ends, not a stack trace per request.
 */
public final class DatabaseOutage {
    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

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
            // a commit cut off by the database dying: Spring rolls back, and the rollback fails on the dead connection too;
            // no statement of the request failed (that would be the application exception), the connection did
            if (t instanceof org.springframework.transaction.TransactionSystemException tse && tse.getApplicationException() == null
                    && tse.getCause() instanceof SQLException) {
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
        private final org.springframework.beans.factory.ObjectProvider<DatabaseAvailability> availability;

        Guard(org.springframework.beans.factory.ObjectProvider<DatabaseAvailability> availability) {
            this.availability = availability;
        }

        @Override
        protected void doFilterInternal(jakarta.servlet.http.HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response,
                                        jakarta.servlet.FilterChain chain) throws jakarta.servlet.ServletException, java.io.IOException {
            try {
                chain.doFilter(request, response);
            } catch (RuntimeException | jakarta.servlet.ServletException e) {
                if (!causedBy(e) || response.isCommitted()) {
                    throw e;
                }
                DatabaseAvailability a = availability.getIfAvailable();
                if (a != null) {
                    a.failed(e);
                } else {
                    logOnce(e);
                }
                response.resetBuffer();
                response.setHeader("Retry-After", "5");
                Problems.write(request, response, problem());
            }
        }
    }

    /**
     * Hands the failure to the availability of the application serving the current request (found through its servlet
     * context, so applications running side by side in one JVM keep their own state), which logs once per outage.
     */
    static void logOnce(Throwable e) {
        DatabaseAvailability availability = null;
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            var context = WebApplicationContextUtils.getWebApplicationContext(request.getRequest().getServletContext());
            availability = context == null ? null : context.getBeanProvider(DatabaseAvailability.class).getIfAvailable();
        }
        if (availability != null) {
            availability.failed(e);
        } else {
            log.warn("database unavailable, answering 503: {}", DatabaseAvailability.rootMessage(e));
        }
    }
}
