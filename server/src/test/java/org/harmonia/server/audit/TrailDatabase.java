package org.harmonia.server.audit;

import java.sql.Connection;
import java.sql.Statement;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.harmonia.server.system.EmbeddedDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A migrated embedded database of its own, for tests that tamper with the trail or need a known chain. */
final class TrailDatabase implements AutoCloseable {
    final EmbeddedDatabase db;
    final DataSource dataSource;
    final JdbcClient jdbc;
    final AuditTrail trail;
    final TransactionTemplate tx;

    private TrailDatabase(EmbeddedDatabase db) {
        this.db = db;
        this.dataSource = new DriverManagerDataSource(db.jdbcUrl());
        migrate(dataSource);
        this.jdbc = JdbcClient.create(dataSource);
        this.trail = new AuditTrail(jdbc);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    static TrailDatabase start(java.nio.file.Path dir) {
        return new TrailDatabase(EmbeddedDatabase.start(dir, false));
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** Runs the work in a transaction, as a feature's service would. */
    <T> T inTransaction(Supplier<T> work) {
        return tx.execute(status -> work.get());
    }

    /** Appends {@code n} events about one entity, each in its own transaction. */
    void append(int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            inTransaction(() -> trail.record(AuditEvent.insert("dm.rossi", "mesems", "stockholm", "subject", "S-" + k,
                    "edss", Integer.toString(k))));
        }
    }

    /** Runs SQL as an intruder with database rights would: with the trail's triggers switched off for the session. */
    void tamper(String... sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("set session_replication_role = replica");
            for (String q : sql) {
                s.execute(q);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Empties the trail between tests (only possible with the triggers switched off). */
    void clear() {
        tamper("truncate audit_log");
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
