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

    /**
     * Appends {@code n} rows chained row by row, as the trail wrote them before seals existed (each row's hash over
     * its content and its predecessor's hash), so that a trail carried over from then can be checked.
     */
    void appendChainedRowByRow(int n) {
        for (int i = 0; i < n; i++) {
            var head = jdbc.sql("select seq, hash from audit_log where xid is null order by seq desc limit 1")
                    .query((rs, k) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional();
            long seq = head.map(h -> (Long) h[0]).orElse(0L) + 1;
            String prev = head.map(h -> (String) h[1]).orElse(null);
            java.time.Instant at = java.time.Instant.parse("2025-03-04T10:15:30.123456Z").plusSeconds(seq);
            AuditEntry row = new AuditEntry(seq, at, "dm.rossi", "INSERT", "mesems", "stockholm", "subject", "S-" + seq,
                    "edss", null, Long.toString(seq), null, prev, null);
            String hash = AuditHash.of(row);
            tamper(String.format("insert into audit_log (seq, recorded_at, actor, action, study_id, site_id, entity_type,"
                    + " entity_id, field, new_value, prev_hash, hash) values (%d, '%s', 'dm.rossi', 'INSERT', 'mesems',"
                    + " 'stockholm', 'subject', 'S-%d', 'edss', '%d', %s, '%s')", seq, at, seq, seq,
                    prev == null ? "null" : "'" + prev + "'", hash), "select setval('audit_log_seq', " + seq + ")");
        }
    }

    /** One sealing round, waiting for any other; the seal appended or null. */
    AuditSealer.Seal seal() {
        return new AuditSealer(dataSource).sealPending(true);
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
        tamper("truncate audit_log", "truncate audit_seal", "select setval('audit_log_seq', 1, false)");
    }

    @Override
    public void close() throws Exception {
        db.close();
    }
}
