package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;

/** The libraries' stack traces of a database outage are dropped; every other log line passes. */
class OutageLogFilterTest {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Logger pool;
    private Logger ours;

    @BeforeEach
    void attach() {
        new OutageLogFilter();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        pool = context.getLogger("com.zaxxer.hikari.pool.ProxyConnection");
        ours = context.getLogger("org.harmonia.server.system.DatabaseOutage");
        pool.addAppender(appender);
        ours.addAppender(appender);
    }

    @AfterEach
    void detach() {
        pool.detachAppender(appender);
        ours.detachAppender(appender);
    }

    @Test
    void dropsALibrarysTraceOfTheOutageAndKeepsEverythingElse() {
        SQLException terminated = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        pool.warn("{} - Connection {} marked as broken because of SQLSTATE({}), ErrorCode({})", "harmonia", "c1", "57P01", 0, terminated);
        pool.error("Application exception overridden by rollback exception", new DataAccessResourceFailureException("x", terminated));
        // the pool finding each of its connections dead says so once per connection, with the message only
        pool.warn("{} - Failed to validate connection {} ({}). Possibly consider using a shorter maxLifetime value.", "harmonia",
                "c1", "This connection has been closed.");
        assertThat(appender.list).isEmpty();

        pool.warn("a failure of another kind", new SQLException("syntax error", "42601"));
        pool.info("pool started");
        ours.warn("database unavailable since {}: {}", "2026-12-02 10:00:00 UTC", "terminated", terminated);
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("a failure of another kind", "pool started", "database unavailable since 2026-12-02 10:00:00 UTC: terminated");
    }
}
