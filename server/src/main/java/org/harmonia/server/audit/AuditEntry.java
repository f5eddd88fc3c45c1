package org.harmonia.server.audit;

import java.time.Instant;

/**
 * One row of the audit trail exactly as stored, with its place in the hash chain. Deliberately not validated:
 * it must be able to hold a row that was tampered with, so that verification can report it.
 */
public record AuditEntry(long seq, Instant recordedAt, String actor, String action, String studyId, String siteId,
                         String entityType, String entityId, String field, String oldValue, String newValue,
                         String reason, String prevHash, String hash) {

    /** The same row carrying the given hash. */
    public AuditEntry withHash(String newHash) {
        return new AuditEntry(seq, recordedAt, actor, action, studyId, siteId, entityType, entityId, field, oldValue,
                newValue, reason, prevHash, newHash);
    }
}
