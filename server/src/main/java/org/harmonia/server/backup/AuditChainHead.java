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

    /** The last row of the chain and its hash as the connection's transaction sees it, or empty when the trail is empty. */
    static Optional<ChainAnchor> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select seq, hash from audit_log order by seq desc limit 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new ChainAnchor(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }
}
