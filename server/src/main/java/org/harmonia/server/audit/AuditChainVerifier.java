package org.harmonia.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Re-computes the audit hash chain from the first row to the last and reports the first row that does not fit:
 * its content changed (hash mismatch), or rows before it were deleted, inserted or rewritten (seq gap, prev_hash
 * mismatch). Reads the rows through a cursor, so memory stays constant however long the trail.
 */
@Component
public class AuditChainVerifier {
    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    public AuditChainVerifier(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ChainVerification verify() {
        return verify(null);
    }

    /** Verifies the chain and, when an anchor kept elsewhere is given, that the chain still holds that row unchanged. */
    public ChainVerification verify(ChainAnchor anchor) {
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams with a fetch size only inside a transaction; repeatable read gives one consistent snapshot.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try (PreparedStatement ps = c.prepareStatement("select seq, recorded_at, actor, action, study_id, site_id,"
                    + " entity_type, entity_id, field, old_value, new_value, reason, prev_hash, hash from audit_log order by seq")) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    return check(rs, anchor);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private static ChainVerification check(ResultSet rs, ChainAnchor anchor) throws SQLException {
        long rows = 0;
        long expectedSeq = 1;
        String previousHash = null;
        while (rs.next()) {
            AuditEntry row = AuditTrail.entry(rs, (int) rows);
            rows++;
            if (row.seq() != expectedSeq) {
                String missing = row.seq() - expectedSeq == 1 ? "row " + expectedSeq + " is missing"
                        : row.seq() > expectedSeq ? "rows " + expectedSeq + " to " + (row.seq() - 1) + " are missing"
                        : "row number out of order (expected " + expectedSeq + ")";
                return ChainVerification.broken(rows, row.seq(), missing + " (seq gap: rows deleted)");
            }
            if (!Objects.equals(row.prevHash(), previousHash)) {
                return ChainVerification.broken(rows, row.seq(), expectedSeq == 1
                        ? "the first row must start the chain but names a predecessor (prev_hash mismatch)"
                        : "prev_hash does not match the hash of row " + (expectedSeq - 1)
                        + " (that row was rewritten, or rows were deleted or inserted here)");
            }
            if (!AuditHash.of(row).equals(row.hash())) {
                return ChainVerification.broken(rows, row.seq(), "content changed (hash mismatch)");
            }
            if (anchor != null && anchor.seq() == row.seq() && !anchor.hash().equals(row.hash())) {
                return ChainVerification.broken(rows, row.seq(),
                        "hash differs from the anchor kept elsewhere (the chain was rewritten up to this row)");
            }
            previousHash = row.hash();
            expectedSeq++;
        }
        long head = expectedSeq - 1;
        if (anchor != null && anchor.seq() > head) {
            return ChainVerification.broken(rows, anchor.seq(), "the anchored row is missing; the chain ends at row " + head
                    + " (rows deleted from the end)");
        }
        return ChainVerification.intact(rows, head == 0 ? null : head, previousHash);
    }
}
