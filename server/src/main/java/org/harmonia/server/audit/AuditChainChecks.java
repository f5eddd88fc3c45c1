package org.harmonia.server.audit;

import java.sql.Timestamp;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Runs of the chain verification kept with their time and outcome, so that a page can show the last one instead of
 * re-computing the whole chain, which takes time in proportion to the trail, on every view.
 */
@Service
public class AuditChainChecks {
    private final JdbcClient jdbc;
    private final AuditChainVerifier verifier;

    public AuditChainChecks(JdbcClient jdbc, AuditChainVerifier verifier) {
        this.jdbc = jdbc;
        this.verifier = verifier;
    }

    /** Verifies the chain now (and, when given, that it still holds the anchor kept elsewhere) and keeps the outcome. */
    public ChainCheck runNow(String actor, ChainAnchor anchor) {
        ChainVerification v = verifier.verify(anchor);
        long id = jdbc.sql("""
                insert into audit_chain_check (checked_by, intact, rows_checked, seals_checked, pending_rows, broken_at, problem, head)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id
                """).params(actor, v.intact(), v.rowsChecked(), v.sealsChecked(), v.pendingRows(), v.brokenAt(), v.problem(), v.head())
                .query(Long.class).single();
        return find(id).orElseThrow();
    }

    /** The latest run, if any. */
    public Optional<ChainCheck> last() {
        return jdbc.sql("select * from audit_chain_check order by id desc limit 1").query(AuditChainChecks::map).optional();
    }

    private Optional<ChainCheck> find(long id) {
        return jdbc.sql("select * from audit_chain_check where id = ?").param(id).query(AuditChainChecks::map).optional();
    }

    private static ChainCheck map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        Timestamp at = rs.getTimestamp("checked_at");
        return new ChainCheck(rs.getLong("id"), at.toInstant(), rs.getString("checked_by"), new ChainVerification(
                rs.getBoolean("intact"), rs.getLong("rows_checked"), rs.getLong("seals_checked"), rs.getLong("pending_rows"),
                rs.getString("broken_at"), rs.getString("problem"), rs.getString("head")));
    }
}
