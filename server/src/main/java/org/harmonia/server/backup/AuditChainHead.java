package org.harmonia.server.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.harmonia.server.audit.ChainAnchor;

/** The audit chain's head as the backup records it; the one place that knows how to read it from the trail. */
final class AuditChainHead {
    private AuditChainHead() {
    }

    /**
     * The last link of the chain as the connection's transaction sees it: the last seal, or when there is none the last
     * row chained row by row before seals existed; empty when nothing is chained yet. Rows committed since the last
     * seal are in the backup too and are sealed by the restored server.
     */
    static Optional<ChainAnchor> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select position, hash from audit_seal order by position desc limit 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return Optional.of(ChainAnchor.seal(rs.getLong(1), rs.getString(2)));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("select seq, hash from audit_log where xid is null order by seq desc limit 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(ChainAnchor.row(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }
}
