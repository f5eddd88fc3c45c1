package org.harmonia.server.system;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.stereotype.Component;

/**
 * While the database is unreachable, every request that touches it fails the same way, and the connection pool and
 * the transaction manager would each log it with a stack trace: hundreds of lines for one outage. {@link DatabaseAvailability}
 * writes the line an operator needs when the outage starts and when it ends; this drops the libraries' traces of the
 * same outage, and nothing else.
 */
@Component
public class OutageLogFilter extends TurboFilter {
    static final String NAME = "harmonia-database-outage";

    public OutageLogFilter() {
        setName(NAME);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            start();
            context.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger.getName().startsWith("org.harmonia.")) {
            return FilterReply.NEUTRAL;
        }
        if (format != null && format.contains("Failed to validate connection") && logger.getName().startsWith("com.zaxxer.hikari")) {
            // the pool finding its connections dead after the server went away (it logs the message only, no exception):
            // the outage's own line says so once, the pool would say it once per pooled connection
            return FilterReply.DENY;
        }
        Throwable thrown = t != null ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last ? last : null;
        return thrown != null && DatabaseOutage.causedBy(thrown) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
