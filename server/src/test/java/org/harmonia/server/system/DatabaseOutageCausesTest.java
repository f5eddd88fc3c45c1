package org.harmonia.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures are the database being unreachable, and so answered 503 rather than 500. */
class DatabaseOutageCausesTest {

    @Test
    void aRollbackFailingOnTheDeadConnectionIsStillTheOutageThatCausedIt() {
        // the database dies mid-request: the statement fails, then the rollback fails on the closed connection
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("terminating connection due to administrator command",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01")));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void aCommitCutOffByTheDatabaseDyingIsAnOutage() {
        // the postmaster dies during COMMIT: Spring rolls back after the failed commit, and that rollback fails as well
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        assertThat(DatabaseOutage.causedBy(rollback)).isTrue();
    }

    @Test
    void aRollbackFailingAfterAnOrdinaryErrorIsNoOutage() {
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataIntegrityViolationException("duplicate key"));
        assertThat(DatabaseOutage.causedBy(rollback)).isFalse();
        assertThat(DatabaseOutage.causedBy(new DataIntegrityViolationException("duplicate key"))).isFalse();
    }

    @Test
    void aPoolWhoseConnectionsAreAllBusyIsAnsweredButStartsNoOutage() {
        SQLException refused = new SQLException("Connection to localhost:5432 refused", "08001");
        SQLException deadServer = new java.sql.SQLTransientConnectionException(
                "harmonia - Connection is not available, request timed out after 1500ms (total=0, active=0, idle=0, waiting=3)", "08001", refused);
        SQLException busy = new java.sql.SQLTransientConnectionException(
                "harmonia - Connection is not available, request timed out after 1500ms (total=10, active=10, idle=0, waiting=6)");
        assertThat(DatabaseOutage.causedBy(busy)).as("answered 503").isTrue();
        assertThat(DatabaseAvailability.busyOnly(new org.springframework.jdbc.CannotGetJdbcConnectionException("x", busy))).isTrue();
        assertThat(DatabaseAvailability.busyOnly(new org.springframework.jdbc.CannotGetJdbcConnectionException("x", deadServer))).isFalse();
        assertThat(DatabaseAvailability.rootMessage(new org.springframework.jdbc.CannotGetJdbcConnectionException("x", deadServer)))
                .isEqualTo("Connection to localhost:5432 refused");
    }

    @Test
    void connectionStatesAndServerShutdownAreOutages() {
        assertThat(DatabaseOutage.causedBy(new RuntimeException(new SQLException("connection refused", "08001")))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("the database system is shutting down", "57P03"))).isTrue();
        assertThat(DatabaseOutage.causedBy(new SQLException("syntax error", "42601"))).isFalse();
    }
}
