package org.harmonia.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Chains committed audit rows by appending seals. One round takes the transaction-id horizon (the oldest transaction
 * still running), reads every row of the transactions between the previous seal's horizon and this one in (xid, seq)
 * order, and appends one seal hashing them after the previous seal's hash. Every transaction below the horizon has
 * finished, so no row can join a range once it is sealed. One sealer at a time, across server instances and commands,
 * by a transaction-scoped advisory lock.
 */
@Component
public class AuditSealer {
    /** The xid_from of the first seal: below every transaction id PostgreSQL hands out. */
    static final String FIRST_XID = "0";
    static final String ROW_COLUMNS = "seq, recorded_at, actor, action, study_id, site_id, entity_type, entity_id, field,"
            + " old_value, new_value, reason, prev_hash, hash, xid::text as xid_text";
    private static final int FETCH_SIZE = 1000;

    private final DataSource dataSource;

    public AuditSealer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A seal as stored. */
    public record Seal(long position, String xidFrom, String xidTo, long rowCount, long firstSeq, long lastSeq,
                       String prevHash, String hash) {
        /** The seal as an anchor to keep elsewhere. */
        public ChainAnchor anchor() {
            return ChainAnchor.seal(position, hash);
        }
    }

    /**
     * Seals the rows of every transaction finished since the last seal. With {@code wait} false a round already
     * running elsewhere makes this one return at once. Returns the seal appended, or null when there was nothing to
     * seal (or another sealer was busy).
     */
    public Seal sealPending(boolean wait) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Seal seal = sealRound(c, wait);
                c.commit();
                return seal;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot seal the audit trail: " + e.getMessage(), e);
        }
    }

    private static Seal sealRound(Connection c, boolean wait) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery(wait ? "select pg_advisory_xact_lock(audit_seal_lock_key()), true"
                    : "select pg_try_advisory_xact_lock(audit_seal_lock_key())")) {
                rs.next();
                if (!rs.getBoolean(wait ? 2 : 1)) {
                    return null;
                }
            }
            String horizon;
            try (ResultSet rs = st.executeQuery("select audit_seal_horizon()::text")) {
                rs.next();
                horizon = rs.getString(1);
            }
            long position = 1;
            String from = FIRST_XID;
            String prevHash;
            try (ResultSet rs = st.executeQuery("select position, xid_to::text, hash from audit_seal order by position desc limit 1")) {
                if (rs.next()) {
                    position = rs.getLong(1) + 1;
                    from = rs.getString(2);
                    prevHash = rs.getString(3);
                } else {
                    prevHash = rowChainHead(c).map(ChainAnchor::hash).orElse(null);
                }
            }
            if (Long.parseLong(horizon) <= Long.parseLong(from)) {
                return null;
            }
            AuditHash.SealDigest digest = new AuditHash.SealDigest(position, from, horizon, prevHash);
            long firstSeq = 0;
            long lastSeq = 0;
            try (PreparedStatement ps = c.prepareStatement("select " + ROW_COLUMNS
                    + " from audit_log where xid >= ?::bigint and xid < ?::bigint order by xid, seq")) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setString(1, from);
                ps.setString(2, horizon);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry row = AuditTrail.entry(rs, 0);
                        digest.add(AuditHash.rowDigest(row, rs.getString("xid_text")));
                        firstSeq = digest.rows() == 1 ? row.seq() : firstSeq;
                        lastSeq = row.seq();
                    }
                }
            }
            if (digest.rows() == 0) {
                return null;
            }
            Seal seal = new Seal(position, from, horizon, digest.rows(), firstSeq, lastSeq, prevHash, digest.hash());
            try (PreparedStatement ps = c.prepareStatement("insert into audit_seal (position, xid_from, xid_to, row_count,"
                    + " first_seq, last_seq, prev_hash, hash) values (?, ?::bigint, ?::bigint, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, seal.position());
                ps.setString(2, seal.xidFrom());
                ps.setString(3, seal.xidTo());
                ps.setLong(4, seal.rowCount());
                ps.setLong(5, seal.firstSeq());
                ps.setLong(6, seal.lastSeq());
                ps.setString(7, seal.prevHash());
                ps.setString(8, seal.hash());
                ps.executeUpdate();
            }
            return seal;
        }
    }

    /**
     * The last link of the chain as the connection's transaction sees it: the last seal, or when there is none the last
     * row chained row by row before seals existed; empty when nothing is chained yet.
     */
    public static java.util.Optional<ChainAnchor> head(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select position, hash from audit_seal order by position desc limit 1")) {
            if (rs.next()) {
                return java.util.Optional.of(ChainAnchor.seal(rs.getLong(1), rs.getString(2)));
            }
        }
        return rowChainHead(c);
    }

    /** The last row chained row by row (written before seals existed), if any. */
    private static java.util.Optional<ChainAnchor> rowChainHead(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select seq, hash from audit_log where xid is null order by seq desc limit 1")) {
            return rs.next() ? java.util.Optional.of(ChainAnchor.row(rs.getLong(1), rs.getString(2))) : java.util.Optional.empty();
        }
    }
}
