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
 * Re-computes the audit chain from its first link to its last and reports the first that does not fit. Rows written
 * before seals existed are chained one by one (content changed: hash mismatch; rows deleted, inserted or rewritten:
 * seq gap or prev_hash mismatch); after them each seal must hash exactly the rows of its transaction range after the
 * previous seal's hash, and the ranges must follow one another without a hole. Reads through cursors in one
 * snapshot, so memory stays constant however long the trail.
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

    /** Verifies the chain and, when an anchor kept elsewhere is given, that the chain still holds that link unchanged. */
    public ChainVerification verify(ChainAnchor anchor) {
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL streams with a fetch size only inside a transaction; repeatable read gives one consistent snapshot.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Walk walk = new Walk(anchor);
                ChainVerification broken = walk.rows(c);
                if (broken == null) {
                    broken = walk.seals(c);
                }
                if (broken != null) {
                    return broken;
                }
                return walk.finish(c);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot read the audit trail: " + e.getMessage(), e);
        }
    }

    private static final class Walk {
        private final ChainAnchor anchor;
        private long rows;
        private long seals;
        private String previousHash;
        private ChainAnchor head;
        private String xidTo = AuditSealer.FIRST_XID;

        Walk(ChainAnchor anchor) {
            this.anchor = anchor;
        }

        /** The rows chained one by one, before seals existed. */
        ChainVerification rows(Connection c) throws SQLException {
            long expectedSeq = 1;
            try (PreparedStatement ps = c.prepareStatement("select " + AuditSealer.ROW_COLUMNS
                    + " from audit_log where xid is null order by seq")) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry row = AuditTrail.entry(rs, (int) rows);
                        rows++;
                        String at = "row " + row.seq();
                        if (row.seq() != expectedSeq) {
                            String missing = row.seq() - expectedSeq == 1 ? "row " + expectedSeq + " is missing"
                                    : row.seq() > expectedSeq ? "rows " + expectedSeq + " to " + (row.seq() - 1) + " are missing"
                                    : "row number out of order (expected " + expectedSeq + ")";
                            return ChainVerification.broken(rows, 0, at, missing + " (seq gap: rows deleted)");
                        }
                        if (!Objects.equals(row.prevHash(), previousHash)) {
                            return ChainVerification.broken(rows, 0, at, expectedSeq == 1
                                    ? "the first row must start the chain but names a predecessor (prev_hash mismatch)"
                                    : "prev_hash does not match the hash of row " + (expectedSeq - 1)
                                    + " (that row was rewritten, or rows were deleted or inserted here)");
                        }
                        if (!AuditHash.of(row).equals(row.hash())) {
                            return ChainVerification.broken(rows, 0, at, "content changed (hash mismatch)");
                        }
                        if (anchor != null && !anchor.seal() && anchor.position() == row.seq() && !anchor.hash().equals(row.hash())) {
                            return ChainVerification.broken(rows, 0, at,
                                    "hash differs from the anchor kept elsewhere (the chain was rewritten up to this row)");
                        }
                        previousHash = row.hash();
                        head = ChainAnchor.row(row.seq(), row.hash());
                        expectedSeq++;
                    }
                }
            }
            if (anchor != null && !anchor.seal() && anchor.position() >= expectedSeq) {
                return ChainVerification.broken(rows, 0, anchor.link(), "the anchored row is missing; the chain ends at row "
                        + (expectedSeq - 1) + " (rows deleted from the end)");
            }
            return null;
        }

        /** The seals, each with the rows of its transaction range, in chain order. */
        ChainVerification seals(Connection c) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("""
                    select s.position, s.xid_from::text as seal_from, s.xid_to::text as seal_to, s.row_count, s.first_seq,
                           s.last_seq, s.prev_hash as seal_prev_hash, s.hash as seal_hash,
                           a.seq, a.recorded_at, a.actor, a.action, a.study_id, a.site_id, a.entity_type, a.entity_id,
                           a.field, a.old_value, a.new_value, a.reason, a.prev_hash, a.hash, a.xid::text as xid_text
                    from audit_seal s left join audit_log a on a.xid >= s.xid_from and a.xid < s.xid_to
                    order by s.position, a.xid, a.seq""")) {
                ps.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    Open open = null;
                    while (rs.next()) {
                        long position = rs.getLong("position");
                        if (open == null || open.position != position) {
                            if (open != null) {
                                ChainVerification broken = close(open);
                                if (broken != null) {
                                    return broken;
                                }
                            }
                            open = new Open(rs);
                            seals++;
                            String at = "seal " + position;
                            if (position != seals) {
                                return ChainVerification.broken(rows, seals, at, position > seals
                                        ? "seal " + seals + (position - seals > 1 ? " to " + (position - 1) : "") + " missing (seals deleted)"
                                        : "seal number out of order (expected " + seals + ")");
                            }
                            if (!Objects.equals(open.prevHash, previousHash)) {
                                return ChainVerification.broken(rows, seals, at, seals == 1
                                        ? "the first seal must follow the last row chained row by row (prev_hash mismatch)"
                                        : "prev_hash does not match the hash of seal " + (seals - 1) + " (that seal was rewritten)");
                            }
                            if (!open.xidFrom.equals(xidTo)) {
                                return ChainVerification.broken(rows, seals, at, "its transaction range starts at " + open.xidFrom
                                        + ", not where the previous one ended (" + xidTo + "): rows in between are left out");
                            }
                        }
                        if (rs.getObject("seq") != null) {
                            AuditEntry row = AuditTrail.entry(rs, 0);
                            rows++;
                            open.digest.add(AuditHash.rowDigest(row, rs.getString("xid_text")));
                            open.firstSeq = open.firstSeq == null ? row.seq() : open.firstSeq;
                            open.lastSeq = row.seq();
                        }
                    }
                    if (open != null) {
                        return close(open);
                    }
                }
            }
            return null;
        }

        private ChainVerification close(Open s) {
            String at = "seal " + s.position;
            if (s.digest.rows() != s.rowCount) {
                return ChainVerification.broken(rows, seals, at, "it sealed " + s.rowCount + " rows but its range holds "
                        + s.digest.rows() + " (rows deleted or inserted)");
            }
            if (!Objects.equals(s.firstSeq, s.storedFirstSeq) || !Objects.equals(s.lastSeq, s.storedLastSeq)) {
                return ChainVerification.broken(rows, seals, at, "its rows run from " + s.firstSeq + " to " + s.lastSeq
                        + ", not from " + s.storedFirstSeq + " to " + s.storedLastSeq + " as sealed (rows replaced)");
            }
            if (!s.digest.hash().equals(s.hash)) {
                return ChainVerification.broken(rows, seals, at, "the rows of its range no longer hash to the seal"
                        + " (rows " + s.firstSeq + " to " + s.lastSeq + ": one changed, or was deleted and another inserted)");
            }
            if (anchor != null && anchor.seal() && anchor.position() == s.position && !anchor.hash().equals(s.hash)) {
                return ChainVerification.broken(rows, seals, at,
                        "hash differs from the anchor kept elsewhere (the chain was rewritten up to this seal)");
            }
            previousHash = s.hash;
            xidTo = s.xidTo;
            head = ChainAnchor.seal(s.position, s.hash);
            return null;
        }

        ChainVerification finish(Connection c) throws SQLException {
            if (anchor != null && anchor.seal() && anchor.position() > seals) {
                return ChainVerification.broken(rows, seals, anchor.link(), "the anchored seal is missing; the chain ends at seal "
                        + seals + " (seals deleted from the end)");
            }
            long pending;
            try (PreparedStatement ps = c.prepareStatement("select count(*) from audit_log where xid >= ?::bigint")) {
                ps.setString(1, xidTo);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    pending = rs.getLong(1);
                }
            }
            return ChainVerification.intact(rows, seals, pending, head);
        }
    }

    /** A seal being checked: its stored fields and the digest of the rows read so far. */
    private static final class Open {
        final long position;
        final String xidFrom;
        final String xidTo;
        final long rowCount;
        final Long storedFirstSeq;
        final Long storedLastSeq;
        final String prevHash;
        final String hash;
        final AuditHash.SealDigest digest;
        Long firstSeq;
        Long lastSeq;

        Open(ResultSet rs) throws SQLException {
            position = rs.getLong("position");
            xidFrom = rs.getString("seal_from");
            xidTo = rs.getString("seal_to");
            rowCount = rs.getLong("row_count");
            storedFirstSeq = rs.getLong("first_seq");
            storedLastSeq = rs.getLong("last_seq");
            prevHash = rs.getString("seal_prev_hash");
            hash = rs.getString("seal_hash");
            digest = new AuditHash.SealDigest(position, xidFrom, xidTo, prevHash);
        }
    }
}
